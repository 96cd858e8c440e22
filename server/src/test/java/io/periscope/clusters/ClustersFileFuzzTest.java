package io.periscope.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.config.ConfigException;
import io.periscope.fuzz.FuzzChecks;

/** {@code clusters.yaml}: a list of valid cluster specs, or a {@link ConfigException} naming the entry and field. */
class ClustersFileFuzzTest {
  @FuzzTest
  void clustersYaml(byte[] data) {
    String yaml = FuzzChecks.text(data);
    FuzzChecks.onlyRefusals(yaml, ConfigException.class, () -> {
      var specs = ClustersFile.parse(yaml);
      assertThat(specs).allSatisfy(s -> {
        assertThat(s.name()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        assertThat(s.backend()).isNotNull();
      });
    });
  }
}
