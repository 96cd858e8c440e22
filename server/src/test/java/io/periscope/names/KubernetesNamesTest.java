package io.periscope.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesNamesTest {
  /** name | a DNS label | a DNS subdomain; {@code 63x} and friends are that many 'a's. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      kube-system        | true  | true
      a                  | true  | true
      0abc9              | true  | true
      63x                | true  | true
      64x                | false | true
      253x               | false | true
      254x               | false | false
      api.example.com    | false | true
      -leading           | false | false
      trailing-          | false | false
      .leading           | false | false
      trailing.          | false | false
      Upper              | false | false
      under_score        | false | false
      a/b                | false | false
      a..b               | false | true
      ''                 | false | false
      """)
  void labelsAndSubdomains(String name, boolean label, boolean subdomain) {
    String s = name.matches("\\d+x") ? "a".repeat(Integer.parseInt(name.substring(0, name.length() - 1))) : name;
    assertThat(KubernetesNames.isDnsLabel(s)).as("label").isEqualTo(label);
    assertThat(KubernetesNames.isDnsSubdomain(s)).as("subdomain").isEqualTo(subdomain);
  }

  @Test
  void nullIsNoName() {
    assertThat(KubernetesNames.isDnsLabel(null)).isFalse();
    assertThat(KubernetesNames.isDnsSubdomain(null)).isFalse();
  }
}
