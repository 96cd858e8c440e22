package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static io.periscope.charts.ServerChartTest.ruleFor;
import static io.periscope.charts.ServerChartTest.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restrictive deployment recipes of docs/security/rbac-posture.md (the seed's A, B and C),
 * each rendered with real Helm exactly as the recipe tells the operator to, checking that the
 * charts produce what the recipe promises.
 */
class RestrictiveRecipesTest {

  private static final String AGENT = "ops-periscope-agent";
  private static final String AGENT_SA = "ServiceAccount:" + NAMESPACE + "/" + AGENT;
  private static final List<String> NON_ADMIN_TIER_BINDINGS =
      List.of("periscope-tier-maintain", "periscope-tier-read", "periscope-tier-triage", "periscope-tier-write");

  /** A: server clusterRBAC.enabled=false; agent clusterRole.enabled=false + clusterRBAC.enabled=false. */
  @Test
  void recipeA_bringYourOwnRbac_theChartsCreateNoClusterRbac() {
    Rendered server = Charts.render(Chart.SERVER, "recipe-a.yaml");
    assertThat(server.ofKind("ClusterRole")).isEmpty();
    assertThat(server.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(server.showOnly("templates/cluster-rbac.yaml").objects()).isEmpty();
    assertThat(Charts.notes(Chart.SERVER, Map.of(), "recipe-a.yaml"))
        .contains("clusterRBAC.enabled is false: create the impersonator ClusterRole/Binding yourself");

    Rendered agent = Charts.render(Chart.AGENT, "recipe-a.yaml");
    assertThat(agent.ofKind("ClusterRole")).isEmpty();
    assertThat(agent.ofKind("ClusterRoleBinding")).isEmpty();
    // What remains is the agent's own state Secret access, namespaced and by name.
    assertThat(agent.names("Role")).containsExactly(AGENT + "-state");
    assertThat(strings(agent.one("Role", AGENT + "-state").at("/rules/0/resourceNames"))).containsExactly("periscope-agent-state");
    assertThat(Charts.notes(Chart.AGENT, Map.of(), "recipe-a.yaml"))
        .contains("clusterRole.enabled is false: bind your own ClusterRole to ServiceAccount\n" + NAMESPACE + "/" + AGENT)
        .contains("impersonate on users and on the groups")
        .contains("clusterRBAC.enabled is false: create the per-user bindings yourself")
        .contains("clusterIdentity.enabled is false: grant ServiceAccount " + NAMESPACE + "/" + AGENT + "\nget on namespaces with"
            + " resourceNames [kube-system]");
  }

  /**
   * B: the tier system minus the admin tier. The seed renders the server chart's cluster-rbac.yaml
   * (helm template --set clusterRBAC.enabled=true --show-only templates/cluster-rbac.yaml) and deletes
   * the cluster-admin binding by hand; here the admin tier is off by default, so the rendered file
   * is already the four non-admin tiers, on the server chart and on the agent chart alike.
   */
  @Test
  void recipeB_tiersWithoutAdmin_renderNoClusterAdminBindingOnEitherChart() {
    Map<String, Object> seedCommand = Map.of("clusterRBAC.enabled", "true");
    Rendered server = Charts.render(Chart.SERVER, seedCommand, "recipe-b.yaml").showOnly("templates/cluster-rbac.yaml");
    assertThat(server.names("ClusterRole")).containsExactly(
        "periscope-cluster-reader", "periscope-impersonator", "periscope-maintain", "periscope-serviceaccount-reader", "periscope-triage");
    assertThat(server.names("ClusterRoleBinding")).containsExactlyElementsOf(
        concat(List.of("periscope-cluster-reader", "periscope-impersonator", "periscope-serviceaccount-reader"), NON_ADMIN_TIER_BINDINGS));
    assertThat(strings(ruleFor(server.one("ClusterRole", "periscope-impersonator"), "groups").path("resourceNames")))
        .containsExactly("periscope-tier:read", "periscope-tier:triage", "periscope-tier:write", "periscope-tier:maintain");
    assertNoClusterAdmin(server);

    Rendered agent = Charts.render(Chart.AGENT, seedCommand, List.of(Charts.fixture(Chart.SERVER, "recipe-b.yaml")));
    assertThat(agent.names("ClusterRole"))
        .containsExactly(AGENT, AGENT + "-cluster-identity", "periscope-cluster-reader", "periscope-maintain", "periscope-triage");
    assertThat(agent.names("ClusterRoleBinding")).containsExactlyElementsOf(
        concat(List.of(AGENT, AGENT + "-cluster-identity", "periscope-cluster-reader"), NON_ADMIN_TIER_BINDINGS));
    assertThat(strings(ruleFor(agent.one("ClusterRole", AGENT), "groups").path("resourceNames")))
        .doesNotContain("periscope-tier:admin");
    assertNoClusterAdmin(agent);
  }

  /** C: the agent's wildcard ClusterRole is off; the operator binds an explicit list instead. */
  @Test
  void recipeC_agentWithoutWildcards_leavesTheAgentServiceAccountUnbound() {
    Rendered agent = Charts.render(Chart.AGENT, "recipe-c.yaml");

    assertThat(agent.has("ClusterRole", AGENT)).isFalse();
    assertThat(agent.ofKind("ClusterRoleBinding")).filteredOn(b -> !b.at("/metadata/name").asText().equals(AGENT + "-cluster-identity"))
        .as("no cluster-wide grant to the agent's ServiceAccount but the one to read its cluster's identity")
        .allSatisfy(b -> assertThat(subjects(b)).doesNotContain(AGENT_SA));
    JsonNode identity = agent.one("ClusterRole", AGENT + "-cluster-identity").at("/rules/0");
    assertThat(strings(identity.path("resourceNames"))).as("that one Namespace object").containsExactly("kube-system");
    assertThat(strings(identity.path("verbs"))).containsExactly("get");
    assertThat(agent.rules()).noneMatch(RbacInvariantsTest::grantsImpersonation);
    // The per-user tier objects still render: people keep their tiers through your role.
    assertThat(agent.names("ClusterRole"))
        .containsExactly(AGENT + "-cluster-identity", "periscope-cluster-reader", "periscope-maintain", "periscope-triage");
    assertThat(agent.names("ClusterRoleBinding"))
        .containsExactlyElementsOf(concat(List.of(AGENT + "-cluster-identity", "periscope-cluster-reader"), NON_ADMIN_TIER_BINDINGS));
    assertThat(Charts.notes(Chart.AGENT, Map.of(), "recipe-c.yaml"))
        .contains("clusterRole.enabled is false: bind your own ClusterRole")
        .contains("Per-user RBAC (tier mode");
  }

  private static void assertNoClusterAdmin(Rendered r) {
    for (JsonNode o : r.objects()) {
      assertThat(o.at("/roleRef/name").asText()).as("%s", o.at("/metadata/name")).isNotEqualTo("cluster-admin");
    }
    assertThat(r.has("ClusterRoleBinding", "periscope-tier-admin")).isFalse();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
  }
}
