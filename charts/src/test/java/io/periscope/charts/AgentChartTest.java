package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static io.periscope.charts.ServerChartTest.envVar;
import static io.periscope.charts.ServerChartTest.ruleFor;
import static io.periscope.charts.ServerChartTest.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders deploy/helm/periscope-agent and checks the objects it produces. */
class AgentChartTest {

  private static final String FULLNAME = "ops-periscope-agent";
  private static final String SA = "ServiceAccount:" + NAMESPACE + "/" + FULLNAME;

  private static Rendered render(String... fixtures) {
    return Charts.render(Chart.AGENT, fixtures);
  }

  @Test
  void defaultsRenderAHardenedAgentWithReadAndImpersonateOnly() {
    Rendered r = render("defaults.yaml");

    assertThat(r.names("Deployment")).containsExactly(FULLNAME);
    assertThat(r.names("ServiceAccount")).containsExactly(FULLNAME);
    assertThat(r.names("ClusterRole")).containsExactly(FULLNAME);
    assertThat(r.names("ClusterRoleBinding")).containsExactly(FULLNAME);
    assertThat(r.names("Role")).containsExactly(FULLNAME + "-state");
    assertThat(r.names("RoleBinding")).containsExactly(FULLNAME + "-state");
    assertThat(r.names("Secret")).containsExactly("periscope-agent-state");
    assertThat(r.ofKind("Service")).as("the agent only dials out").isEmpty();

    JsonNode role = r.one("ClusterRole", FULLNAME);
    JsonNode read = role.path("rules").get(0);
    assertThat(strings(read.path("apiGroups"))).containsExactly("*");
    assertThat(strings(read.path("resources"))).containsExactly("*");
    assertThat(strings(read.path("verbs"))).containsExactly("get", "list", "watch");
    assertThat(strings(ruleFor(role, "users").path("verbs"))).containsExactly("impersonate");
    assertThat(strings(ruleFor(role, "groups").path("resourceNames")))
        .containsExactly(
            "periscope-shared",
            "periscope-tier:read",
            "periscope-tier:triage",
            "periscope-tier:write",
            "periscope-tier:maintain");
    assertThat(strings(ruleFor(role, "serviceaccounts").path("verbs"))).containsExactly("impersonate");
    JsonNode extras = ruleFor(role, "userextras/scopes");
    assertThat(strings(extras.path("apiGroups"))).containsExactly("authentication.k8s.io");
    assertThat(strings(extras.path("verbs"))).containsExactly("impersonate");
    assertThat(role.path("rules")).hasSize(5);

    JsonNode binding = r.one("ClusterRoleBinding", FULLNAME);
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(FULLNAME);
    assertThat(subjects(binding)).containsExactly(SA);

    JsonNode state = r.one("Role", FULLNAME + "-state").at("/rules/0");
    assertThat(strings(state.path("resources"))).containsExactly("secrets");
    assertThat(strings(state.path("resourceNames"))).containsExactly("periscope-agent-state");
    assertThat(strings(state.path("verbs"))).containsExactly("get", "update", "patch");
    assertThat(r.one("Role", FULLNAME + "-state").at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(subjects(r.one("RoleBinding", FULLNAME + "-state"))).containsExactly(SA);

    JsonNode pod = r.one("Deployment", FULLNAME).at("/spec/template/spec");
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
    assertThat(envVar(env, "PERISCOPE_AGENT_SERVER_URL").path("value").asText())
        .isEqualTo("https://periscope-tunnel.example.com:8443");
    assertThat(envVar(env, "PERISCOPE_AGENT_CLUSTER_NAME").path("value").asText()).isEqualTo("private-eu-1");
    assertThat(envVar(env, "PERISCOPE_AGENT_SERVER_CA_FILE").path("value").asText())
        .isEqualTo("/etc/periscope-agent/ca/ca.crt");
    JsonNode ref = envVar(env, "PERISCOPE_AGENT_REGISTRATION_TOKEN").at("/valueFrom/secretKeyRef");
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
    JsonNode ref = envVar(pod.at("/containers/0/env"), "PERISCOPE_AGENT_REGISTRATION_TOKEN").at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo("agent-token");
    assertThat(ref.path("key").asText()).isEqualTo("value");
    assertThat(envVar(pod.at("/containers/0/env"), "PERISCOPE_AGENT_SERVER_CA_FILE").path("value").asText())
        .isEqualTo("/etc/periscope-agent/ca/bundle.pem");
    assertThat(pod.at("/volumes/1/configMap/name").asText()).isEqualTo("periscope-ca");
  }

  @Test
  void writeVerbsAreOptIn() {
    assertThat(render("defaults.yaml").one("ClusterRole", FULLNAME).path("rules"))
        .allSatisfy(rule -> assertThat(strings(rule.path("verbs"))).doesNotContain("create", "update", "patch", "delete"));

    JsonNode role = render("write-opt-in.yaml").one("ClusterRole", FULLNAME);
    assertThat(role.path("rules").get(5).path("verbs").toString()).contains("create", "update", "patch", "delete");
    assertThat(strings(ruleFor(role, "pods/exec").path("verbs"))).containsExactly("create", "get");
  }

  @Test
  void clusterRoleCanBeReplacedByYourOwn() {
    Rendered r = render("custom-role.yaml");
    assertThat(r.ofKind("ClusterRole")).isEmpty();
    assertThat(r.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(r.has("Role", FULLNAME + "-state")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"system:masters", "system:authenticated", "*", "periscope-tier:*"})
  void refusesToImpersonateSystemGroupsOrWildcards(String group) {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of("clusterRole.impersonation.groups[0]", group)))
        .hasMessageContaining("clusterRole.impersonation.groups must list exact periscope groups");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://periscope.example.com:8443", "ws://periscope.example.com:8443"})
  void refusesAPlaintextServerUrl(String url) {
    assertThatThrownBy(() -> Charts.render(Chart.AGENT, Map.of("agent.serverUrl", url)))
        .hasMessageContaining("agent.serverUrl must use TLS");
  }
}
