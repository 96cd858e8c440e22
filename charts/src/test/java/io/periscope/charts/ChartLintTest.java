package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.periscope.charts.Charts.Chart;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} on both charts with their default values, and on their shared library. */
class ChartLintTest {

  @ParameterizedTest
  @EnumSource(Chart.class)
  void lintPasses(Chart chart) {
    assertClean(chart.dir, Charts.lint(chart));
  }

  @Test
  void sharedLibraryLintsAndBothChartsLinkTheSameCopy() throws Exception {
    Path library = Charts.commonLibrary();
    assertClean("periscope-common", Charts.lint(library));
    for (Chart chart : Chart.values()) {
      Path link = chart.path().resolve("charts/periscope-common");
      assertThat(Files.isSymbolicLink(link)).as("%s must link the library, not copy it", link).isTrue();
      assertThat(link.toRealPath()).isEqualTo(library.toRealPath());
    }
  }

  private static void assertClean(String name, LintResult result) {
    assertThat(result.isFailed()).as("helm lint %s: %s", name, result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}
