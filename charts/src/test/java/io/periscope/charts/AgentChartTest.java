package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static io.periscope.charts.ServerChartTest.envVar;
import static io.periscope.charts.ServerChartTest.ruleFor;
import static io.periscope.charts.ServerChartTest.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders deploy/helm/periscope-agent and checks the objects it produces. */
class AgentChartTest {

  private static final String FULLNAME = "ops-periscope-agent";
  private static final String SA = "ServiceAccount:" + NAMESPACE + "/" + FULLNAME;

  private static Rendered render(String... fixtures) {
    return Charts.render(Chart.AGENT, fixtures);
  }

  @Test
  void defaultsRenderAHardenedAgentThatReadsAndImpersonatesNobody() {
    Rendered r = render("defaults.yaml");

    assertThat(r.names("Deployment")).containsExactly(FULLNAME);
    assertThat(r.names("ServiceAccount")).containsExactly(FULLNAME);
    assertThat(r.names("ClusterRole")).containsExactly(FULLNAME, FULLNAME + "-cluster-identity", "periscope-cluster-reader");
    assertThat(r.names("ClusterRoleBinding")).containsExactly(FULLNAME, FULLNAME + "-cluster-identity", "periscope-cluster-reader",
        "periscope-shared");
    assertThat(r.names("Role")).containsExactly(FULLNAME + "-state");
    assertThat(r.names("RoleBinding")).containsExactly(FULLNAME + "-state");
    assertThat(r.names("Secret")).containsExactly("periscope-agent-state");
    assertThat(r.ofKind("Service")).as("the agent only dials out").isEmpty();

    JsonNode role = r.one("ClusterRole", FULLNAME);
    JsonNode read = role.path("rules").get(0);
    assertThat(strings(read.path("apiGroups"))).containsExactly("*");
    assertThat(strings(read.path("resources"))).containsExactly("*");
    assertThat(strings(read.path("verbs"))).containsExactly("get", "list", "watch");
    assertThat(role.path("rules")).as("shared mode (the default) impersonates nobody: read only").hasSize(1);

    // Shared mode's binding: the cluster sees the agent's own ServiceAccount, which gets sharedRoleName.
    JsonNode shared = r.one("ClusterRoleBinding", "periscope-shared");
    assertThat(shared.at("/roleRef/name").asText()).isEqualTo("view");
    assertThat(subjects(shared)).containsExactly(SA);
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-cluster-reader"))).containsExactly(SA);

    JsonNode binding = r.one("ClusterRoleBinding", FULLNAME);
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(FULLNAME);
    assertThat(subjects(binding)).containsExactly(SA);

    JsonNode state = r.one("Role", FULLNAME + "-state").at("/rules/0");
    assertThat(strings(state.path("resources"))).containsExactly("secrets");
    assertThat(strings(state.path("resourceNames"))).containsExactly("periscope-agent-state");
    assertThat(strings(state.path("verbs"))).as("no create, list, watch or patch").containsExactly("get", "update");
    assertThat(r.one("Role", FULLNAME + "-state").at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(subjects(r.one("RoleBinding", FULLNAME + "-state"))).containsExactly(SA);

    // The cluster's identity: the UID of one Namespace, read once; nothing else.
    JsonNode identity = r.one("ClusterRole", FULLNAME + "-cluster-identity").path("rules");
    assertThat(identity).hasSize(1);
    assertThat(strings(identity.get(0).path("apiGroups"))).containsExactly("");
    assertThat(strings(identity.get(0).path("resources"))).containsExactly("namespaces");
    assertThat(strings(identity.get(0).path("resourceNames"))).containsExactly("kube-system");
    assertThat(strings(identity.get(0).path("verbs"))).as("no list or watch").containsExactly("get");
    JsonNode identityBinding = r.one("ClusterRoleBinding", FULLNAME + "-cluster-identity");
    assertThat(identityBinding.at("/roleRef/name").asText()).isEqualTo(FULLNAME + "-cluster-identity");
    assertThat(subjects(identityBinding)).containsExactly(SA);

    JsonNode pod = r.one("Deployment", FULLNAME).at("/spec/template/spec");
    // Service links would turn a Service named periscope-agent-<x> into PERISCOPE_AGENT_<X>_* variables, refused as unknown settings.
    assertThat(pod.path("enableServiceLinks").isBoolean() && !pod.path("enableServiceLinks").booleanValue())
        .as("enableServiceLinks: false").isTrue();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode sc = pod.at("/containers/0/securityContext");
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(strings(sc.at("/capabilities/drop"))).containsExactly("ALL");
    assertThat(pod.at("/containers/0/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(pod.at("/containers/0/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("tmp");
    assertThat(pod.at("/volumes/0").has("emptyDir")).isTrue();
  }

  @Test
  void registrationTokenAndCaBundleFromValues() {
    Rendered r = render("registered.yaml");

    JsonNode token = r.one("Secret", FULLNAME + "-registration");
    assertThat(token.at("/stringData/token").asText()).isEqualTo("ptk_0123456789abcdef");
    assertThat(r.one("ConfigMap", FULLNAME + "-ca").at("/data/ca.crt").asText()).contains("BEGIN CERTIFICATE");

    JsonNode container = r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0");
    JsonNode env = container.path("env");
    assertThat(envVar(env, "PERISCOPE_AGENT_SERVER").path("value").asText()).isEqualTo("periscope-tunnel.example.com:8443");
    assertThat(envVar(env, "PERISCOPE_AGENT_CLUSTER").path("value").asText()).isEqualTo("private-eu-1");
    assertThat(envVar(env, "PERISCOPE_AGENT_CA_BUNDLE").path("value").asText()).isEqualTo("/etc/periscope-agent/ca/ca.crt");
    assertThat(envVar(env, "PERISCOPE_AGENT_STATE_SECRET").path("value").asText()).isEqualTo("periscope-agent-state");
    assertThat(envVar(env, "PERISCOPE_AGENT_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.namespace");
    JsonNode ref = envVar(env, "PERISCOPE_AGENT_TOKEN").at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo(FULLNAME + "-registration");
    assertThat(ref.path("key").asText()).isEqualTo("token");
    assertThat(ref.path("optional").asBoolean()).isTrue();
  }

  @Test
  void existingSecretAndConfigMapAreReferencedNotCreated() {
    Rendered r = render("existing-secrets.yaml");

    assertThat(r.names("Secret")).containsExactly("periscope-agent-state");
    assertThat(r.ofKind("ConfigMap")).isEmpty();
    JsonNode pod = r.one("Deployment", FULLNAME).at("/spec/template/spec");
    JsonNode ref = envVar(pod.at("/containers/0/env"), "PERISCOPE_AGENT_TOKEN").at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo("agent-token");
    assertThat(ref.path("key").asText()).isEqualTo("value");
    assertThat(envVar(pod.at("/containers/0/env"), "PERISCOPE_AGENT_CA_BUNDLE").path("value").asText())
        .isEqualTo("/etc/periscope-agent/ca/bundle.pem");
    assertThat(pod.at("/volumes/1/configMap/name").asText()).isEqualTo("periscope-ca");
  }

  @Test
  void sharedModeWithImpersonationRelaysTheSharedGroupOnly() {
    Rendered r = render("shared-impersonate.yaml");
    JsonNode role = r.one("ClusterRole", FULLNAME);
    assertThat(strings(ruleFor(role, "users").path("verbs"))).containsExactly("impersonate");
    assertThat(strings(ruleFor(role, "groups").path("resourceNames"))).containsExactly("periscope-shared");
    assertThat(role.path("rules")).as("read, users, groups: never ServiceAccounts, no extras").hasSize(3);
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-shared"))).containsExactly("Group:periscope-shared");
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-cluster-reader"))).containsExactly("Group:periscope-shared");
  }

  @Test
  void writeVerbsAreOptIn() {
    assertThat(render("defaults.yaml").one("ClusterRole", FULLNAME).path("rules"))
        .allSatisfy(rule -> assertThat(strings(rule.path("verbs"))).doesNotContain("create", "update", "patch", "delete"));

    JsonNode role = render("write-opt-in.yaml").one("ClusterRole", FULLNAME);
    JsonNode writes = ruleWithVerb(role, "delete");
    assertThat(strings(writes.path("resources"))).containsExactly("*");
    assertThat(strings(writes.path("verbs"))).containsExactly("create", "update", "patch", "delete");
    assertThat(strings(ruleFor(role, "pods/exec").path("verbs"))).containsExactly("create", "get");
  }

  @Test
  void clusterRoleCanBeReplacedByYourOwn() {
    Rendered r = render("custom-role.yaml");
    assertThat(r.has("ClusterRole", FULLNAME)).isFalse();
    assertThat(r.has("ClusterRoleBinding", FULLNAME)).isFalse();
    assertThat(r.has("Role", FULLNAME + "-state")).isTrue();
  }

  // ---------------------------------------------------------------- per-user RBAC by mode

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"shared-impersonate.yaml", "tier.yaml", "tier-admin.yaml", "tier-admin-custom-role.yaml", "in-cluster-shared-impersonate.yaml"})
  void theSameAuthorizationValuesRenderTheServersPerUserRbac(String serverFixture) throws Exception {
    // The server's fixture, and for the agent its authz.yaml: the auth and clusterRBAC sections, as an operator
    // passes them to both (the agent's schema refuses the server's other values, e.g. clusters).
    Path fixture = Charts.fixture(Chart.SERVER, serverFixture);
    Rendered server = Charts.render(Chart.SERVER, Map.of(), List.of(fixture)).showOnly("templates/cluster-rbac.yaml");
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    var authz = ((com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(fixture.toFile())).retain("auth", "clusterRBAC");
    Path authzFile = java.nio.file.Files.createTempFile("authz", ".yaml");
    Rendered agent;
    try {
      yaml.writeValue(authzFile.toFile(), authz);
      agent = Charts.render(Chart.AGENT, Map.of(), List.of(authzFile)).showOnly("templates/cluster-rbac.yaml");
    } finally {
      java.nio.file.Files.delete(authzFile);
    }

    List<JsonNode> perUser = server.objects().stream()
        // The server's own grants (impersonation, the ServiceAccount reader) are the agent's ClusterRole there.
        .filter(o -> !List.of("periscope-impersonator", "periscope-serviceaccount-reader").contains(o.at("/metadata/name").asText()))
        .map(o -> withoutServiceAccountSubjects(withoutChartLabels(o)))
        .toList();
    assertThat(perUser).as("per-user objects the server renders for %s", serverFixture).isNotEmpty();
    assertThat(agent.objects().stream().map(AgentChartTest::withoutChartLabels).toList())
        .as("the agent renders the server's per-user objects (minus the in-cluster ServiceAccount subject)")
        .containsExactlyInAnyOrderElementsOf(perUser);
  }

  @Test
  void tierModeImpersonatesExactlyTheTierGroups() {
    Rendered r = render("tier-admin.yaml");
    assertThat(strings(ruleFor(r.one("ClusterRole", FULLNAME), "groups").path("resourceNames"))).containsExactly(
        "periscope-tier:read", "periscope-tier:triage", "periscope-tier:write", "periscope-tier:maintain", "periscope-tier:admin");
    JsonNode admin = r.one("ClusterRoleBinding", "periscope-tier-admin");
    assertThat(admin.at("/roleRef/name").asText()).isEqualTo("cluster-admin");
    assertThat(subjects(admin)).containsExactly("Group:periscope-tier:admin");
    assertThat(Charts.notes(Chart.AGENT, Map.of(), "tier-admin.yaml"))
        .contains("Authorization mode: tier")
        .contains("Per-user RBAC (tier mode, shipped roles version")
        .contains("  - periscope-tier:admin");
  }

  @Test
  void adminMappedWithoutAdminTierFailsAsOnTheServer() {
    assertThatThrownBy(() -> render("tier-admin-without-admintier.yaml"))
        .hasMessageContaining("auth.authorization.groupTiers maps SRE-Platform to the admin tier")
        .hasMessageContaining("clusterRBAC.adminTier.enabled is false");
  }

  @Test
  void rawModeImpersonatesTheListedGroupsPrefixedAndBindsNothing() {
    Rendered r = render("raw-groups.yaml");
    assertThat(strings(ruleFor(r.one("ClusterRole", FULLNAME), "groups").path("resourceNames")))
        .containsExactly("periscope:SRE-Platform", "periscope:Backend-Devs");
    assertThat(r.names("ClusterRole")).containsExactly(FULLNAME, FULLNAME + "-cluster-identity");
    assertThat(r.names("ClusterRoleBinding")).as("raw mode: the operator binds periscope:<group>")
        .containsExactly(FULLNAME, FULLNAME + "-cluster-identity");
    assertThat(Charts.notes(Chart.AGENT, Map.of(), "raw-groups.yaml"))
        .contains("  - periscope:SRE-Platform", "  - periscope:Backend-Devs")
        .doesNotContain("WARNING: auth.authorization.mode is raw");
  }

  @Test
  void rawModeWithoutListedGroupsRendersUnrestrictedGroupImpersonationAndWarns() {
    JsonNode groups = ruleFor(render("raw-without-groups.yaml").one("ClusterRole", FULLNAME), "groups");
    assertThat(groups.has("resourceNames")).as("RBAC cannot match the periscope: prefix").isFalse();
    assertThat(strings(groups.path("verbs"))).containsExactly("impersonate");
    assertThat(strings(groups.path("apiGroups"))).containsExactly("");

    assertThat(Charts.notes(Chart.AGENT, Map.of(), "raw-without-groups.yaml"))
        .contains("WARNING: auth.authorization.mode is raw and clusterRBAC.rawGroups is empty")
        .contains("may impersonate any group, system:masters")
        .contains("never a system:* group")
        .contains("list the IdP")
        .contains("clusterRBAC.rawGroups.");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "auth.authorization.sharedGroup, 'system:masters', 'auth.authorization.sharedGroup must be non-empty and must not start with system:'",
    "auth.authorization.groupPrefix, 'system:', 'auth.authorization.groupPrefix must be non-empty and must not start with system:'",
    "clusterRBAC.rawGroups[0], '*', 'clusterRBAC.rawGroups entries must be plain IdP group names'",
    "clusterRBAC.rawGroups[0], 'team-*', 'clusterRBAC.rawGroups entries must be plain IdP group names'",
    "auth.authorization.mode, everyone, 'value must be one of ''shared'', ''tier'', ''raw'''"
  })
  void refusesToImpersonateSystemGroupsOrWildcards(String key, String value, String message) {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of(key, value))).hasMessageContaining(message);
  }

  @Test
  void theRetiredImpersonationListIsRefusedNotIgnored() {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of("clusterRole.impersonation.groups[0]", "periscope-tier:read")))
        .hasMessageContaining("clusterRole.impersonation is gone")
        .hasMessageContaining("auth.authorization.mode");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://periscope.example.com:8443", "ws://periscope.example.com:8443"})
  void refusesAPlaintextServerUrl(String url) {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of("agent.serverUrl", url)))
        .hasMessageContaining("agent.serverUrl must use TLS");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://periscope-tunnel.example.com:8443, periscope-tunnel.example.com:8443",
    "wss://periscope-tunnel.example.com:9443/, periscope-tunnel.example.com:9443",
    "https://periscope-tunnel.example.com, periscope-tunnel.example.com:443",
    "https://203.0.113.7:8443, 203.0.113.7:8443",
    "'https://[2001:db8::7]:8443', '[2001:db8::7]:8443'"
  })
  void theServerUrlBecomesTheHostAndPortTheAgentDials(String url, String address) {
    JsonNode container = render("defaults.yaml").one("Deployment", FULLNAME).at("/spec/template/spec/containers/0");
    assertThat(Charts.envNames(container)).as("no server env without agent.serverUrl").doesNotContain("PERISCOPE_AGENT_SERVER");

    JsonNode set = Charts.render(Chart.AGENT, Map.of("agent.serverUrl", url)).one("Deployment", FULLNAME)
        .at("/spec/template/spec/containers/0/env");
    assertThat(envVar(set, "PERISCOPE_AGENT_SERVER").path("value").asText()).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"periscope-tunnel.example.com:8443", "https://periscope-tunnel.example.com:8443/tunnel",
      "https://periscope-tunnel.example.com:port", "https://"})
  void refusesAServerUrlTheAgentCannotDial(String url) {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of("agent.serverUrl", url)))
        .hasMessageContaining("agent.serverUrl must be https://<host>[:<port>]");
  }

  @Test
  void authorizationValuesSchemaMatchesTheServerChart() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    JsonNode server = json.readTree(Chart.SERVER.path().resolve("values.schema.json").toFile()).path("properties");
    JsonNode agent = json.readTree(Chart.AGENT.path().resolve("values.schema.json").toFile()).path("properties");
    for (String section : List.of("/auth/properties/authorization/properties", "/clusterRBAC/properties")) {
      JsonNode agentKeys = agent.at(section);
      assertThat(agentKeys.size()).as(section).isGreaterThan(1);
      agentKeys.fieldNames().forEachRemaining(key ->
          assertThat(agentKeys.path(key)).as("%s/%s", section, key).isEqualTo(server.at(section).path(key)));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode ruleWithVerb(JsonNode role, String verb) {
    for (JsonNode rule : role.path("rules")) {
      if (strings(rule.path("verbs")).contains(verb)) {
        return rule;
      }
    }
    throw new AssertionError("no rule with verb " + verb + " in " + role);
  }

  /** The object without the labels that name the chart it came from. */
  private static JsonNode withoutChartLabels(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.path("metadata").path("labels")).remove(List.of("helm.sh/chart", "app.kubernetes.io/name"));
    return copy;
  }

  /** A binding without ServiceAccount subjects (the server's in-cluster auto-binding). */
  private static JsonNode withoutServiceAccountSubjects(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.has("subjects")) {
      ArrayNode kept = copy.arrayNode();
      copy.path("subjects").forEach(s -> {
        if (!s.path("kind").asText().equals("ServiceAccount")) {
          kept.add(s);
        }
      });
      copy.set("subjects", kept);
    }
    return copy;
  }
}
