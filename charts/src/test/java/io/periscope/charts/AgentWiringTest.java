package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.agent.AgentMain;
import io.periscope.agent.AgentSetting;
import io.periscope.agent.HealthServer;
import io.periscope.agent.link.StateLocation;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent chart as the pod sees it: the Deployment's environment, with its Secret and field
 * references resolved, is read by the agent's own settings parser ({@link AgentMain#configure}),
 * and every variable is checked against the agent's list of settings ({@link AgentSetting}), so a
 * chart that names a variable the agent does not read — or leaves out one it needs — fails here
 * rather than crash-looping in a cluster.
 */
class AgentWiringTest {
  private static final String FULLNAME = "ops-periscope-agent";
  /** Read by the JVM itself, not by the agent's settings. */
  private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");
  /** The Secrets the existing-secrets fixture names, as the operator created them ("name/key"). */
  private static final Map<String, String> OPERATOR_SECRETS = Map.of("agent-token/value", "ptk_from_the_operator");

  @ParameterizedTest
  @ValueSource(strings = {"registered.yaml", "existing-secrets.yaml"})
  void everyVariableTheDeploymentSetsIsOneTheAgentReadsAndEveryRequiredOneIsSet(String fixture) {
    List<String> names = Charts.envNames(container(Charts.render(Chart.AGENT, fixture)));

    List<String> agentReads = Arrays.stream(AgentSetting.values()).map(AgentSetting::env).toList();
    assertThat(names.stream().filter(n -> !JVM.contains(n)).toList()).as("variables the agent reads").isSubsetOf(agentReads);
    assertThat(names).as("required settings")
        .containsAll(AgentSetting.withNeed(AgentSetting.Need.REQUIRED).stream().map(AgentSetting::env).toList());
    assertThat(names).as("exactly one place for the state")
        .containsOnlyOnce(AgentSetting.STATE_SECRET.env()).doesNotContain(AgentSetting.STATE_DIR.env());
    assertThat(names).as("the registration token, for the first start")
        .contains(AgentSetting.withNeed(AgentSetting.Need.UNTIL_REGISTERED).stream().map(AgentSetting::env).toArray(String[]::new));
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void theAgentReadsTheRenderedEnvironmentAsAnAgentKeepingItsStateInTheChartsSecret() {
    Rendered r = Charts.render(Chart.AGENT, "registered.yaml");

    AgentMain.Launch launch = AgentMain.configure(environment(r, Map.of()));

    var s = launch.settings();
    assertThat(s.server()).isEqualTo("periscope-tunnel.example.com:8443");
    assertThat(s.cluster()).contains("private-eu-1");
    assertThat(s.token()).contains(r.one("Secret", FULLNAME + "-registration").at("/stringData/token").asText());

    // The state Secret the agent uses is the one the chart creates, and the one its Role names.
    StateLocation.KubernetesSecret state = (StateLocation.KubernetesSecret) s.state();
    assertThat(state).isEqualTo(new StateLocation.KubernetesSecret(NAMESPACE, "periscope-agent-state"));
    assertThat(r.one("Secret", state.name()).at("/metadata/namespace").asText()).isEqualTo(state.namespace());
    JsonNode rule = r.one("Role", FULLNAME + "-state").at("/rules/0");
    assertThat(r.one("Role", FULLNAME + "-state").at("/metadata/namespace").asText()).isEqualTo(state.namespace());
    assertThat(strings(rule.path("resourceNames"))).containsExactly(state.name());
    assertThat(strings(rule.path("verbs"))).containsExactly("get", "update");

    // The CA bundle file is where the ConfigMap's key is mounted.
    JsonNode container = container(r);
    String mount = Charts.mountPath(container, "server-ca");
    assertThat(s.caBundle().getParent()).isEqualTo(Path.of(mount));
    assertThat(r.one("ConfigMap", FULLNAME + "-ca").path("data").has(s.caBundle().getFileName().toString())).isTrue();

    // The probes ask the agent's own endpoints on the port it serves them on.
    int healthPort = Charts.containerPort(container, "health");
    assertThat(launch.healthPort()).isEqualTo(healthPort);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(HealthServer.LIVENESS_PATH);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(HealthServer.READINESS_PATH);
    for (String probe : List.of("livenessProbe", "readinessProbe")) {
      JsonNode port = container.at("/" + probe + "/httpGet/port");
      assertThat(port.isInt() ? port.asInt() : Charts.containerPort(container, port.asText())).as(probe).isEqualTo(healthPort);
    }
  }

  @Test
  void aMovedHealthPortMovesTheProbesWithIt() {
    Rendered r = Charts.render(Chart.AGENT, Map.of("agent.healthPort", 9090), "registered.yaml");

    assertThat(AgentMain.configure(environment(r, Map.of())).healthPort()).isEqualTo(9090)
        .isEqualTo(Charts.containerPort(container(r), container(r).at("/readinessProbe/httpGet/port").asText()));
  }

  @Test
  void theOperatorsTokenSecretAndCaConfigMapReachTheAgent() {
    Rendered r = Charts.render(Chart.AGENT, "existing-secrets.yaml");

    var s = AgentMain.configure(environment(r, OPERATOR_SECRETS)).settings();

    assertThat(s.token()).contains("ptk_from_the_operator");
    assertThat(s.caBundle()).isEqualTo(Path.of(Charts.mountPath(container(r), "server-ca"), "bundle.pem"));
  }

  @Test
  void theDefaultsLeaveOutWhatOnlyTheOperatorKnowsAndBothTheNotesAndTheAgentSaySo() {
    Rendered r = Charts.render(Chart.AGENT, "defaults.yaml");

    assertThatThrownBy(() -> AgentMain.configure(environment(r, Map.of())))
        .hasMessage("missing required setting " + AgentSetting.SERVER.label() + ", " + AgentSetting.CA_BUNDLE.label());
    assertThat(Charts.notes(Chart.AGENT, Map.of(), "defaults.yaml"))
        .contains("WARNING: agent.serverUrl is empty")
        .contains("WARNING: no CA bundle (agent.caBundle or agent.existingCaConfigMap.name)")
        .contains("No registration token configured");
  }

  private static Map<String, String> environment(Rendered r, Map<String, String> operatorSecrets) {
    return Charts.podEnvironment(r, container(r), operatorSecrets);
  }

  private static JsonNode container(Rendered r) {
    return r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0");
  }
}
