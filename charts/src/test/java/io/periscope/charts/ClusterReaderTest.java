package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static io.periscope.charts.ServerChartTest.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * periscope-cluster-reader: the cluster-scoped reads the console needs and the built-in view and
 * edit roles leave out (a shared-mode install bound to view could not list Nodes), granted to
 * exactly the identities that hold view, triage or edit through the charts, and to nobody else.
 */
class ClusterReaderTest {
  private static final String READER = "periscope-cluster-reader";

  @ParameterizedTest
  @EnumSource(Chart.class)
  void theRoleReadsTheClusterScopedObjectsTheConsoleShowsAndNothingThatHoldsACredential(Chart chart) {
    JsonNode role = Charts.render(chart, "tier-admin.yaml").one("ClusterRole", READER);

    List<String> granted = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(strings(rule.path("verbs"))).as("read only: %s", rule).containsExactly("get", "list", "watch");
      assertThat(rule.has("resourceNames")).as("%s", rule).isFalse();
      for (String group : strings(rule.path("apiGroups"))) {
        assertThat(group).as("no wildcard, no RBAC objects").isNotIn("*", "rbac.authorization.k8s.io");
        for (String resource : strings(rule.path("resources"))) {
          granted.add(group.isEmpty() ? resource : resource + "." + group);
        }
      }
    }
    assertThat(granted).contains("nodes", "persistentvolumes", "storageclasses.storage.k8s.io",
        "customresourcedefinitions.apiextensions.k8s.io", "nodepools.karpenter.sh", "nodeclaims.karpenter.sh",
        "ec2nodeclasses.karpenter.k8s.aws");
    assertThat(granted).as("nothing view withholds on purpose, nothing that proxies or runs commands")
        .doesNotContain("*", "secrets", "services/proxy", "nodes/proxy", "pods/exec", "pods/attach", "pods/portforward",
            "serviceaccounts/token");
  }

  @Test
  void sharedModeGrantsItToTheSameIdentityAsTheSharedRole() {
    Rendered server = Charts.render(Chart.SERVER, "defaults.yaml");
    assertThat(subjects(server.one("ClusterRoleBinding", READER)))
        .isEqualTo(subjects(server.one("ClusterRoleBinding", "periscope-shared"))).containsExactly("Group:periscope-bridge");
    assertThat(server.one("ClusterRoleBinding", READER).at("/roleRef/name").asText()).isEqualTo(READER);

    Rendered agent = Charts.render(Chart.AGENT, "defaults.yaml");
    assertThat(subjects(agent.one("ClusterRoleBinding", READER)))
        .isEqualTo(subjects(agent.one("ClusterRoleBinding", "periscope-shared")))
        .containsExactly("ServiceAccount:" + NAMESPACE + "/ops-periscope-agent");
  }

  @ParameterizedTest
  @EnumSource(Chart.class)
  void tierModeGrantsItToTheTiersWhoseRolesLackItButNotToMaintainOrAdmin(Chart chart) {
    Rendered r = Charts.render(chart, "tier-admin.yaml");
    assertThat(subjects(r.one("ClusterRoleBinding", READER)))
        .containsExactly("Group:periscope-tier:read", "Group:periscope-tier:triage", "Group:periscope-tier:write");
    assertThat(r.ofKind("ClusterRole")).filteredOn(o -> o.at("/metadata/name").asText().equals(READER)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Chart.class)
  void itRendersOnlyWithTheChartsBindingsAndCanBeTurnedOff(Chart chart) {
    for (String fixture : List.of("defaults.yaml", "tier-admin.yaml")) {
      Rendered off = Charts.render(chart, Map.of("clusterRBAC.clusterReader", "false"), fixture);
      assertThat(off.has("ClusterRole", READER)).as("%s with clusterReader false", fixture).isFalse();
      assertThat(off.has("ClusterRoleBinding", READER)).as("%s with clusterReader false", fixture).isFalse();
    }
    Rendered ownSharedRole = Charts.render(chart, Map.of("clusterRBAC.sharedRoleName", ""), "defaults.yaml");
    assertThat(ownSharedRole.has("ClusterRoleBinding", READER)).as("sharedRoleName \"\": the operator binds the shared identity").isFalse();
    String raw = chart == Chart.SERVER ? "raw.yaml" : "raw-groups.yaml";
    assertThat(Charts.render(chart, raw).has("ClusterRoleBinding", READER)).as("raw mode binds nothing").isFalse();
  }
}
