package io.periscope.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML the browser edits must read back as the same object, or an untouched apply changes types. */
class YamlTest {
  @Test
  void stringsThatLookLikeNumbersOrBooleansStayStringsOnTheRoundTrip() throws Exception {
    Map<String, Object> annotations = Map.of("deployment.kubernetes.io/revision", "3", "flag", "true", "ratio", "1.5", "plain", "web");
    String yaml = Yaml.write(Map.of("metadata", Map.of("annotations", annotations), "spec", Map.of("replicas", 3)));
    assertThat(yaml).contains("deployment.kubernetes.io/revision: \"3\"").contains("replicas: 3").contains("plain: web");
    assertThat(Yaml.mapper().readValue(yaml, Map.class))
        .isEqualTo(Map.of("metadata", Map.of("annotations", annotations), "spec", Map.of("replicas", 3)));
  }
}
