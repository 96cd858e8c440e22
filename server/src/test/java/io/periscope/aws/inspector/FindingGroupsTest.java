package io.periscope.aws.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FindingGroupsTest {

  static Finding finding(String cve, Severity severity, String ecosystem, String platform, String pkg, String installed, String fixedIn) {
    return new Finding("arn:aws:inspector2:eu-west-1:123456789012:finding/" + cve + pkg, cve, cve + " in " + pkg, severity, 7.5,
        "sha256:" + "a".repeat(64), pkg, ecosystem, platform, installed, InspectorApi.fixedIn(fixedIn), false,
        fixedIn.equals("NotAvailable") ? "NO" : "YES", "https://nvd.nist.gov/vuln/detail/" + cve);
  }

  /**
   * Each row: the ecosystem and platform, installed version, the fixes of the group's findings
   * (";" between findings, "," between a finding's release lines, as Inspector lists them) and
   * the smallest version that closes them all.
   */
  @ParameterizedTest(name = "{0} {3} → {4}")
  @CsvSource(delimiter = '|', textBlock = """
      # the newest fix by version order, not by string order
      GOBINARY | ''                | 1.16.1                 | 1.9.1;1.10.0                                 | 1.10.0
      NPM      | ''                | 4.17.4                 | 4.17.12;4.17.21;4.17.5                       | 4.17.21
      # several release lines: a later patch of one line closes a finding fixed on that line
      GOBINARY | ''                | 1.20.1                 | 1.20.12, 1.21.5;1.21.3;1.20.14, 1.21.7       | 1.21.7
      GOBINARY | ''                | 1.20.1                 | 1.20.12, 1.21.5;1.20.14, 1.21.7              | 1.20.14
      GOMOD    | ''                | v0.17.0                | v0.23.0;v0.0.0-20240318-abcdef123456         | v0.23.0
      # a fix written without the module's "v" is shown with it: go get pkg@0.23.0 fails
      GOMOD    | ''                | v0.7.0                 | 0.17.0;0.23.0                                | v0.23.0
      JAR      | ''                | 2.9.10                 | 2.12.7.1;2.13.4;2.9.10.8                     | 2.13.4
      PIP      | ''                | 2.25.1                 | 2.31.0;2.32.0rc1;2.26.0                      | 2.32.0rc1
      OS       | DEBIAN_11         | 1.1.1n-0+deb11u3       | 1.1.1n-0+deb11u4;1.1.1n-0+deb11u10           | 1.1.1n-0+deb11u10
      OS       | AMAZON_LINUX_2023 | 1:3.0.8-1.amzn2023.0.1 | 1:3.0.8-1.amzn2023.0.11;1:3.0.8-1.amzn2023.0.2 | 1:3.0.8-1.amzn2023.0.11
      OS       | ALPINE_3_19       | 1.36.1-r5              | 1.36.1-r15;1.36.1-r7                         | 1.36.1-r15
      """)
  void smallestUpgradeThatClosesTheGroup(String ecosystem, String platform, String installed, String fixes, String to) {
    List<Finding> findings = new ArrayList<>();
    String[] each = fixes.split(";");
    for (int i = 0; i < each.length; i++) {
      findings.add(finding("CVE-2024-" + (1000 + i), Severity.HIGH, ecosystem, platform, "pkg", installed, each[i]));
    }
    var groups = FindingGroups.group(findings, FindingGroups.Filter.ALL);
    assertThat(groups).hasSize(1);
    assertThat(groups.getFirst().upgrade()).isEqualTo(new FindingGroups.Upgrade(installed, to, each.length, 0));
  }

  @Test
  void theStdlibWallCollapsesToOneBump() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 116; i++) {
      String fix = i % 3 == 0 ? "1.26.3" : i % 3 == 1 ? "1.25.9, 1.26.2" : "1.19.4";
      Severity severity = i < 4 ? Severity.CRITICAL : i < 30 ? Severity.HIGH : Severity.MEDIUM;
      findings.add(finding("CVE-2023-" + (40000 + i), severity, "GOBINARY", "", "stdlib", "1.16.1", fix));
    }
    findings.add(finding("CVE-2024-0001", Severity.LOW, "GOBINARY", "", "stdlib", "1.16.1", "NotAvailable"));
    findings.add(finding("CVE-2024-0002", Severity.HIGH, "OS", "DEBIAN_12", "openssl", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1"));

    var groups = FindingGroups.group(findings, FindingGroups.Filter.ALL);

    assertThat(groups).extracting(FindingGroups.Group::ecosystem, FindingGroups.Group::packageName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("go", "stdlib"), org.assertj.core.groups.Tuple.tuple("debian-12", "openssl"));
    var stdlib = groups.getFirst();
    assertThat(stdlib.upgrade()).isEqualTo(new FindingGroups.Upgrade("1.16.1", "1.26.3", 116, 1));
    assertThat(stdlib.counts()).isEqualTo(new SeverityCounts(4, 26, 86, 1, 0, 0));
    assertThat(stdlib.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(stdlib.findings().getFirst().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(stdlib.findings().getLast().severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void aGroupWithoutAnyFixHasNoUpgrade() {
    var groups = FindingGroups.group(List.of(finding("CVE-2024-1", Severity.MEDIUM, "NPM", "", "left-pad", "1.0.0", "NotAvailable")),
        FindingGroups.Filter.ALL);
    assertThat(groups.getFirst().upgrade()).isNull();
  }

  @Test
  void theSamePackageNameInTwoEcosystemsIsTwoGroups() {
    var groups = FindingGroups.group(List.of(
        finding("CVE-2024-1", Severity.MEDIUM, "NPM", "", "yaml", "1.0.0", "1.10.3"),
        finding("CVE-2024-2", Severity.MEDIUM, "PIP", "", "yaml", "5.3", "5.4")), FindingGroups.Filter.ALL);
    assertThat(groups).extracting(FindingGroups.Group::ecosystem).containsExactlyInAnyOrder("npm", "pypi");
  }

  @Test
  void filtersKeepSeverityExploitAndFixable() {
    Finding exploited = new Finding("arn:x", "CVE-2024-9", "t", Severity.HIGH, 8, "sha256:x", "curl", "OS", "DEBIAN_12", "7.88.1-10",
        List.of("7.88.1-10+deb12u5"), true, "YES", "");
    List<Finding> all = List.of(exploited,
        finding("CVE-2024-1", Severity.CRITICAL, "NPM", "", "a", "1.0.0", "NotAvailable"),
        finding("CVE-2024-2", Severity.LOW, "NPM", "", "b", "1.0.0", "1.0.1"));

    assertThat(count(all, new FindingGroups.Filter(Set.of(Severity.CRITICAL, Severity.HIGH), false, false))).isEqualTo(2);
    assertThat(count(all, new FindingGroups.Filter(Set.of(), true, false))).isEqualTo(1);
    assertThat(count(all, new FindingGroups.Filter(Set.of(), false, true))).isEqualTo(2);
    assertThat(count(all, new FindingGroups.Filter(Set.of(Severity.LOW), false, true))).isEqualTo(1);
  }

  @Test
  void aCveInTwoPackagesCountsOncePerSeverity() {
    var counts = SeverityCounts.of(List.of(
        finding("CVE-2024-1", Severity.HIGH, "OS", "DEBIAN_12", "libssl3", "3.0.11-1", "3.0.13-1"),
        finding("CVE-2024-1", Severity.HIGH, "OS", "DEBIAN_12", "openssl", "3.0.11-1", "3.0.13-1"),
        finding("CVE-2024-2", Severity.HIGH, "OS", "DEBIAN_12", "openssl", "3.0.11-1", "3.0.13-1")));
    assertThat(counts.high()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      NotAvailable       | ''
      1.2.3              | 1.2.3
      '1.20.12, 1.21.5'  | 1.20.12 1.21.5
      ''                 | ''
      """)
  void inspectorsFixedInVersionField(String raw, String versions) {
    assertThat(InspectorApi.fixedIn(raw)).containsExactly(versions.isEmpty() ? new String[0] : versions.split(" "));
  }

  /** 20,000 findings of one workload (200 packages in five ecosystems) land in 200 groups; the timing is bench/'s InspectorBench. */
  @Test
  void groupsTwentyThousandFindings() {
    List<FindingGroups.Group> groups = FindingGroups.group(twentyThousandFindings(), FindingGroups.Filter.ALL);
    assertThat(groups).hasSize(200);
    assertThat(groups.stream().mapToInt(g -> g.findings().size()).sum()).isEqualTo(20_000);
  }

  /** The benchmark's workload (bench/'s InspectorBench uses it too). */
  static List<Finding> twentyThousandFindings() {
    String[][] ecosystems = {{"GOBINARY", ""}, {"NPM", ""}, {"JAR", ""}, {"OS", "DEBIAN_12"}, {"PIP", ""}};
    List<Finding> findings = new ArrayList<>(20_000);
    for (int i = 0; i < 20_000; i++) {
      String[] e = ecosystems[i % ecosystems.length];
      int pkg = i % 200;
      String fix = e[0].equals("OS") ? "1.2." + (i % 17) + "-1+deb12u" + (i % 9) : "1." + (i % 13) + "." + (i % 29);
      findings.add(finding("CVE-2024-" + i, Severity.values()[i % 5], e[0], e[1], "pkg-" + pkg, "1.0.0", fix));
    }
    return findings;
  }

  private static int count(List<Finding> all, FindingGroups.Filter filter) {
    return FindingGroups.group(all, filter).stream().mapToInt(g -> g.findings().size()).sum();
  }
}
