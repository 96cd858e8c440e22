package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.periscope.charts.Charts.Chart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} on both charts with their default values. */
class ChartLintTest {

  @ParameterizedTest
  @EnumSource(Chart.class)
  void lintPasses(Chart chart) {
    LintResult result = Charts.lint(chart);
    assertThat(result.isFailed()).as("helm lint %s: %s", chart.dir, result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}
