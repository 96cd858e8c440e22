package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.karpenter.PrometheusText.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text exposition format as a Karpenter controller serves it, and lines that are not. */
class PrometheusTextTest {
  private static String fixture() throws IOException {
    try (InputStream in = PrometheusTextTest.class.getResourceAsStream("/karpenter/controller-metrics.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsEverySampleOfAControllerScrape() throws IOException {
    var parsed = PrometheusText.parse(fixture());
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.samples()).hasSize(15);
    assertThat(parsed.samples().getFirst()).isEqualTo(new Sample(PriceBook.METRIC,
        Map.of("capacity_type", "on-demand", "instance_type", "m5.large", "zone", "us-east-1a"), 0.096));
    assertThat(parsed.samples()).filteredOn(s -> s.name().equals("karpenter_nodepools_limit") && s.label("resource_type").equals("memory"))
        .singleElement().extracting(Sample::value).isEqualTo(4.294967296e11);
  }

  @Test
  void escapesSpecialValuesAndTimestamps() throws IOException {
    var samples = PrometheusText.parse(fixture()).samples();
    assertThat(samples).filteredOn(s -> s.name().equals("karpenter_pods_state")).singleElement()
        .satisfies(s -> assertThat(s.label("name")).isEqualTo("web-7d9f\"x\""))
        .satisfies(s -> assertThat(s.label("node")).isEmpty());
    assertThat(samples).filteredOn(s -> s.label("le").equals("+Inf")).singleElement().extracting(Sample::value).isEqualTo(342.0);
    assertThat(samples).filteredOn(s -> s.name().equals("process_start_time_seconds")).singleElement()
        .extracting(Sample::value).isEqualTo(1.70000000012e9);
    assertThat(samples).filteredOn(s -> s.name().equals("go_gc_duration_seconds")).singleElement()
        .satisfies(s -> assertThat(s.value()).isNaN());
  }

  @Test
  void labelValuesMayHoldBackslashesNewlinesCommasAndBraces() {
    var s = PrometheusText.parse("m{a=\"x\\\\y\",b=\"1\\n2\", c = \"{,}\" ,} -Inf\n").samples();
    assertThat(s).containsExactly(new Sample("m", Map.of("a", "x\\y", "b", "1\n2", "c", "{,}"), Double.NEGATIVE_INFINITY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"m 1d", "m 0x1p3", "m Infinity", "m{a=\"x\"", "m{a=\"x} 1", "m{=\"x\"} 1", "m{a \"x\"} 1", "m", "m{} one", "m 1 soon", "{a=\"b\"} 1"})
  void aMalformedLineIsReportedAndTheOthersStillCount(String bad) {
    var parsed = PrometheusText.parse("good 1\n" + bad + "\nalso_good{x=\"y\"} 2\n");
    assertThat(parsed.samples()).extracting(Sample::name).containsExactly("good", "also_good");
    assertThat(parsed.problems()).singleElement().asString().startsWith("line 2: ");
  }
}
