package io.periscope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.agent.link.StateLocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class AgentMainTest {
  @TempDir
  Path dir;

  private static final Map<String, String> POD = Map.of(
      "PERISCOPE_AGENT_SERVER", "periscope-tunnel.example.com:8443",
      "PERISCOPE_AGENT_CA_BUNDLE", "/etc/periscope-agent/ca/ca.crt",
      "PERISCOPE_AGENT_STATE_SECRET", "periscope-agent-state",
      "PERISCOPE_AGENT_NAMESPACE", "periscope-agent",
      "PERISCOPE_AGENT_TOKEN", "ptk_abc",
      "PERISCOPE_AGENT_CLUSTER", "private-eu-1",
      "PERISCOPE_AGENT_HEALTH_PORT", "8081",
      "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");

  private static Map<String, String> pod(String... overrides) {
    Map<String, String> env = new HashMap<>(POD);
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        env.remove(overrides[i]);
      } else {
        env.put(overrides[i], overrides[i + 1]);
      }
    }
    return env;
  }

  @Test
  void everyFlagIsOneSettingAndEverySettingIsAFlag() {
    var flags = new CommandLine(new AgentMain(Map.of())).getCommandSpec().options().stream()
        .map(OptionSpec::longestName).filter(f -> !f.equals("--help") && !f.equals("--version")).sorted().toList();
    assertThat(flags).containsExactlyInAnyOrderElementsOf(Arrays.stream(AgentSetting.values()).map(AgentSetting::flag).toList());
  }

  @Test
  void thePodsEnvironmentDescribesAnAgentKeepingItsStateInTheSecret() {
    AgentMain.Launch launch = AgentMain.configure(POD);

    var s = launch.settings();
    assertThat(s.server()).isEqualTo("periscope-tunnel.example.com:8443");
    assertThat(s.caBundle()).isEqualTo(Path.of("/etc/periscope-agent/ca/ca.crt"));
    assertThat(s.state()).isEqualTo(new StateLocation.KubernetesSecret("periscope-agent", "periscope-agent-state"));
    assertThat(s.token()).contains("ptk_abc");
    assertThat(s.cluster()).contains("private-eu-1");
    assertThat(s.apiserver()).isEqualTo(URI.create("https://kubernetes.default.svc"));
    assertThat(s.tokenFile()).isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(s.maxConcurrentRequests()).isEqualTo(128);
    assertThat(s.resolveInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(launch.healthPort()).isEqualTo(8081);
  }

  @Test
  void theServersNameIsResolvedAgainAsOftenAsSet() {
    var s = AgentMain.configure(pod("PERISCOPE_AGENT_RESOLVE_INTERVAL_SECONDS", "10")).settings();

    assertThat(s.resolveInterval()).isEqualTo(java.time.Duration.ofSeconds(10));
  }

  @Test
  void aFlagWinsOverItsVariable() {
    AgentMain.Launch launch = AgentMain.configure(POD, "--server", "other.example.com:9443", "--health-port", "9090");

    assertThat(launch.settings().server()).isEqualTo("other.example.com:9443");
    assertThat(launch.healthPort()).isEqualTo(9090);
  }

  @Test
  void theNamespaceDefaultsToThePodsOwn() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "edge-agents\n");
    AgentMain main = new AgentMain(pod("PERISCOPE_AGENT_NAMESPACE", null), file);
    main.commandLine().parseArgs();

    assertThat(main.launch().settings().state()).isEqualTo(new StateLocation.KubernetesSecret("edge-agents", "periscope-agent-state"));

    AgentMain outsideAPod = new AgentMain(pod("PERISCOPE_AGENT_NAMESPACE", null), dir.resolve("absent"));
    outsideAPod.commandLine().parseArgs();
    assertThatThrownBy(outsideAPod::launch).hasMessageContaining("PERISCOPE_AGENT_STATE_SECRET (--state-secret) needs"
        + " PERISCOPE_AGENT_NAMESPACE (--namespace) outside a pod");
  }

  @Test
  void aStateDirectoryNeedsNoNamespace() {
    var s = AgentMain.configure(pod("PERISCOPE_AGENT_STATE_SECRET", null, "PERISCOPE_AGENT_NAMESPACE", null,
        "PERISCOPE_AGENT_STATE_DIR", "/var/lib/periscope-agent")).settings();

    assertThat(s.state()).isEqualTo(new StateLocation.Directory(Path.of("/var/lib/periscope-agent")));
    assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/periscope-agent"));
  }

  @Test
  void anUnknownVariableIsRefusedNamingWhatTheAgentReads() {
    assertThatThrownBy(() -> AgentMain.configure(pod("PERISCOPE_AGENT_SERVER_URL", "https://x.example.com:8443")))
        .isInstanceOf(AgentMain.InvalidSettingsException.class)
        .hasMessageContaining("unknown setting PERISCOPE_AGENT_SERVER_URL")
        .hasMessageContaining("periscope-agent reads " + Arrays.stream(AgentSetting.values()).map(AgentSetting::env)
            .collect(Collectors.joining(", ")));
  }

  @Test
  void everyMissingRequiredSettingIsNamedAtOnce() {
    assertThatThrownBy(() -> AgentMain.configure(Map.of()))
        .hasMessage("missing required setting PERISCOPE_AGENT_SERVER (--server), PERISCOPE_AGENT_CA_BUNDLE (--ca-bundle), one of"
            + " PERISCOPE_AGENT_STATE_SECRET (--state-secret) or PERISCOPE_AGENT_STATE_DIR (--state-dir)");
    assertThatThrownBy(() -> AgentMain.configure(pod("PERISCOPE_AGENT_SERVER", " ")))
        .as("an empty variable is a missing one").hasMessage("missing required setting PERISCOPE_AGENT_SERVER (--server)");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "PERISCOPE_AGENT_SERVER | https://periscope-tunnel.example.com:8443 | takes host:port, not a URL",
    "PERISCOPE_AGENT_SERVER | periscope-tunnel.example.com | must be host:port with a port between 1 and 65535",
    "PERISCOPE_AGENT_SERVER | periscope-tunnel.example.com:70000 | must be host:port with a port between 1 and 65535",
    "PERISCOPE_AGENT_STATE_DIR | /var/lib/periscope-agent | set one of PERISCOPE_AGENT_STATE_SECRET (--state-secret) or"
        + " PERISCOPE_AGENT_STATE_DIR (--state-dir), not both",
    "PERISCOPE_AGENT_STATE_SECRET | Agent_State | 'Agent_State' is not a Secret name",
    "PERISCOPE_AGENT_NAMESPACE | kube system | 'kube system' is not a namespace name",
    "PERISCOPE_AGENT_HEALTH_PORT | 80810 | PERISCOPE_AGENT_HEALTH_PORT (--health-port) must be a port between 0 and 65535",
    "PERISCOPE_AGENT_HEALTH_PORT | http | 'http' is not an int (PERISCOPE_AGENT_HEALTH_PORT (--health-port))",
    "PERISCOPE_AGENT_MAX_CONCURRENT | 0 | PERISCOPE_AGENT_MAX_CONCURRENT (--max-concurrent) must be at least 1",
    "PERISCOPE_AGENT_RESOLVE_INTERVAL_SECONDS | 0 | PERISCOPE_AGENT_RESOLVE_INTERVAL_SECONDS (--resolve-interval-seconds) must be"
        + " between 1 and 86400 seconds",
    "PERISCOPE_AGENT_APISERVER | kubernetes.default.svc | PERISCOPE_AGENT_APISERVER (--apiserver) must be an https:// URL",
  })
  void aBadValueIsRefusedNamingItsSetting(String variable, String value, String message) {
    assertThatThrownBy(() -> AgentMain.configure(pod(variable, value)))
        .isInstanceOf(AgentMain.InvalidSettingsException.class).hasMessageContaining(message);
  }

  @Test
  void missingRequiredSettingsAreAUsageErrorWithExitCode2() {
    StringWriter err = new StringWriter();
    int code = new AgentMain(Map.of()).commandLine().setErr(new PrintWriter(err)).execute();

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("periscope-agent: missing required setting PERISCOPE_AGENT_SERVER (--server)");
  }

  @Test
  void withoutACertificateOrATokenTheAgentSaysSoAndExits2() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "");
    StringWriter err = new StringWriter();
    int code = new AgentMain(Map.of()).commandLine().setErr(new PrintWriter(err)).execute("--server", "localhost:1",
        "--ca-bundle", ca.toString(), "--state-dir", dir.resolve("state").toString(), "--health-port", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no certificate in directory " + dir.resolve("state"))
        .contains("no registration token (--token / PERISCOPE_AGENT_TOKEN)");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void helpListsEveryFlagWithItsVariable() {
    StringWriter out = new StringWriter();
    new AgentMain(Map.of()).commandLine().setOut(new PrintWriter(out)).execute("--help");

    for (AgentSetting s : AgentSetting.values()) {
      assertThat(out.toString()).containsPattern("(?m)^  " + s.flag() + " +" + s.env() + "$");
    }
  }

  @Test
  void aTokenIsOptional() {
    assertThat(AgentMain.configure(pod("PERISCOPE_AGENT_TOKEN", null)).settings().token()).isEqualTo(Optional.empty());
  }
}
