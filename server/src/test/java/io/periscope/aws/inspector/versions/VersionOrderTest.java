package io.periscope.aws.inspector.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real package versions from each ecosystem Inspector reports, many where plain string order
 * gets it wrong (marked "naive wrong"). Each row: ecosystem, a, b, expected sign of compare(a, b).
 */
class VersionOrderTest {

  @ParameterizedTest(name = "{0}: {1} vs {2} = {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # semver: npm, Go modules and the Go toolchain
      NPM       | 4.17.21                              | 4.17.4                               |  1
      NPM       | 1.9.0                                | 1.10.0                               | -1
      NPM       | 1.0.0-alpha                          | 1.0.0-alpha.1                        | -1
      NPM       | 1.0.0-alpha.beta                     | 1.0.0-beta                           | -1
      NPM       | 1.0.0-beta.2                         | 1.0.0-beta.11                        | -1
      NPM       | 1.0.0-rc.1                           | 1.0.0                                | -1
      NPM       | 1.0.0+build.5                        | 1.0.0                                |  0
      GOMOD     | v0.0.0-20210220033148-5ea612d1eb83   | v0.1.0                               | -1
      GOMOD     | v1.2.4-0.20191109021931-daa7c04131f5 | v1.2.3                               |  1
      GOMOD     | v1.2.4-0.20191109021931-daa7c04131f5 | v1.2.4                               | -1
      GOMOD     | v0.17.0                              | v0.9.0                               |  1
      GOBINARY  | go1.21.5                             | 1.21.13                              | -1
      GOBINARY  | 1.21rc2                              | 1.21.0                               | -1
      GOBINARY  | 1.16.1                               | 1.26.3                               | -1
      GOBINARY  | 1.21                                 | 1.21.0                               |  0
      CARGO     | 0.10.55                              | 0.10.6                               |  1
      # Maven, by Maven's ComparableVersion
      JAR       | 2.17.1                               | 2.9.1                                |  1
      JAR       | 2.15.0-rc1                           | 2.15.0                               | -1
      JAR       | 1.0-alpha-1                          | 1.0                                  | -1
      JAR       | 9.4.51.v20230217                     | 9.4.9.v20180320                      |  1
      JAR       | 31.1-jre                             | 32.0.0-jre                           | -1
      POM       | 5.3.18                               | 5.3.9                                |  1
      # PEP 440
      PIP       | 2.31.0                               | 2.4.0                                |  1
      PIP       | 1.26.18                              | 1.26.5                               |  1
      PIP       | 42.0.0rc1                            | 42.0.0                               | -1
      PIP       | 2.0.0.dev1                           | 2.0.0a1                              | -1
      PIP       | 2.0.0a2                              | 2.0.0b1                              | -1
      PYTHONPKG | 1.0.post1                            | 1.0                                  |  1
      PYTHONPKG | 1.0.post1.dev1                       | 1.0.post1                            | -1
      PIP       | 1!0.1                                | 2.0                                  |  1
      PIP       | 3.1.0                                | 3.1                                  |  0
      """)
  void languageEcosystems(String packageManager, String a, String b, int sign) {
    check(VersionOrder.of(packageManager, ""), a, b, sign);
  }

  @ParameterizedTest(name = "{0}: {1} vs {2} = {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # Debian and Ubuntu: dpkg
      DEBIAN_11        | 1.1.1n-0+deb11u4                 | 1.1.1n-0+deb11u10                | -1
      DEBIAN_12        | 2.36-9+deb12u4                   | 2.36-9+deb12u10                  | -1
      DEBIAN_12        | 7.88.1-10+deb12u5                | 7.88.1-10+deb12u12               | -1
      DEBIAN_12        | 1:9.2p1-2+deb12u2                | 9.3p1-1                          |  1
      DEBIAN_12        | 1.0~rc1-1                        | 1.0-1                            | -1
      DEBIAN_12        | 2.9.14+dfsg-1.3~deb12u1          | 2.9.14+dfsg-1.3                  | -1
      UBUNTU_22_04     | 3.0.2-0ubuntu1.15                | 3.0.2-0ubuntu1.9                 |  1
      DEBIAN_12        | 252.30-1~deb12u2                 | 252.30-1~deb12u2                 |  0
      # Amazon Linux, RHEL: rpm
      RHEL_8           | 1.1.1k-7.el8_6                   | 1.1.1k-12.el8_9                  | -1
      AMAZON_LINUX_2023| 1:3.0.8-1.amzn2023.0.11          | 1:3.0.8-1.amzn2023.0.2           |  1
      AMAZON_LINUX_2   | 2:8.2.2637-20.amzn2              | 8.2.4006-1.amzn2                 |  1
      AMAZON_LINUX_2   | 2.26-63.amzn2                    | 2.26-63.amzn2.0.1                | -1
      FEDORA_39        | 1.0~rc1-1                        | 1.0-1                            | -1
      FEDORA_39        | 1.0^git1-1                       | 1.0-1                            |  1
      FEDORA_39        | 1.0^git1-1                       | 1.0.1-1                          | -1
      RHEL_9           | 2.0a-1                           | 2.0-1                            |  1
      # Alpine: apk
      ALPINE_3_19      | 1.36.1-r5                        | 1.36.1-r15                       | -1
      ALPINE_3_19      | 3.0.12-r0                        | 3.0.9-r0                         |  1
      ALPINE_3_19      | 3.1.4-r6                         | 3.1.4                            |  1
      """)
  void osPackages(String platform, String a, String b, int sign) {
    check(VersionOrder.of("OS", platform), a, b, sign);
  }

  @ParameterizedTest(name = "{0}: {1} vs {2} = {3}")
  @CsvSource(delimiter = '|', textBlock = """
      GEMSPEC | 1.13.10    | 1.13.9  |  1
      GEMSPEC | 7.0.0.rc1  | 7.0.0   | -1
      GEMSPEC | 2.0        | 2.0.0   |  0
      BUNDLER | 1.0.0.pre  | 0.9     |  1
      """)
  void otherEcosystemsUseTheGenericRule(String packageManager, String a, String b, int sign) {
    check(VersionOrder.of(packageManager, ""), a, b, sign);
  }

  @ParameterizedTest(name = "line of {0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      go1.21.5                    | 1.21
      1.20.12                     | 1.20
      v0.17.0                     | 0.17
      2:8.2.2637-20.amzn2         | 8.2
      1!2.0                       | 2.0
      7                           | 7
      latest                      | latest
      """)
  void releaseLines(String version, String line) {
    assertThat(VersionOrder.line(version)).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0} sorts as {1}")
  @CsvSource(delimiter = '|', textBlock = """
      NPM | 1.10.0 1.2.0 1.0.0-rc.1 1.0.0 1.9.9      | 1.0.0-rc.1 1.0.0 1.2.0 1.9.9 1.10.0
      PIP | 1.0 1.0.dev0 1.0a1 1.0.post1 1.0rc1 0.9  | 0.9 1.0.dev0 1.0a1 1.0rc1 1.0 1.0.post1
      """)
  void sortsWholeLists(String packageManager, String input, String sorted) {
    List<String> versions = new ArrayList<>(List.of(input.split(" ")));
    versions.sort(VersionOrder.of(packageManager, ""));
    assertThat(versions).containsExactly(sorted.split(" "));
  }

  private static void check(VersionOrder order, String a, String b, int sign) {
    assertThat(Integer.signum(order.compare(a, b))).as("compare(%s, %s)", a, b).isEqualTo(sign);
    assertThat(Integer.signum(order.compare(b, a))).as("compare(%s, %s)", b, a).isEqualTo(-sign);
    assertThat(order.compare(a, a)).isZero();
  }
}
