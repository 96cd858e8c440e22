package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.periscope.agent.AgentSetting;
import io.periscope.audit.Verb;
import io.periscope.config.ConfigException;
import io.periscope.config.ConfigLoader;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator docs name real things: the audit verbs the server records, the error codes (with
 * their HTTP status) it answers, configuration keys that either the server's own loader or one
 * of the charts' values.yaml knows, and the agent's settings. A rename in the code then fails here instead of leaving the
 * docs quietly wrong.
 */
class DocsTruthTest {

  private static final List<String> OPERATOR_DOCS = List.of(
      "docs/setup/cluster-rbac.md", "docs/setup/audit.md", "docs/helm-releases.md", "docs/troubleshooting.md", "docs/faq.md");

  /** Codes that are not Periscope's own: the apiserver's (through fabric8) and the agent's, relayed. */
  private static final Map<String, Integer> RELAYED = Map.of(
      "forbidden", 403, "apiserver_error", 502, "apiserver_unreachable", 502);

  /** A status followed by a code, in prose ({@code 503 `agent_busy`}) or in a table row ({@code | 503 | `agent_busy` |}). */
  private static final Pattern STATUS_AND_CODE = Pattern.compile("\\b([45]\\d\\d)(?:\\s*\\|)?\\s+`([a-z]+(?:_[a-z]+)*)`");

  /** A backticked dotted key in a namespace the server config or the charts own. */
  private static final Pattern KEY = Pattern.compile(
      "`((?:auth|audit|storage|agent|clusters|streams|server|clusterRBAC|clusterRole|agentTunnel|networkPolicy|inspector"
          + "|serviceAccount|resources)\\.[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])`");

  /** Keys the docs name as the original product's and "not yet" here: they must really be unknown. */
  private static final Set<String> NOT_YET = Set.of("audit.enabled", "audit.storage.type");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  /**
   * install.md installs release {@code periscope} in namespace {@code periscope}; its Pod Identity
   * association, IRSA trust policy and port-forward lines must name the ServiceAccount and Service
   * the chart renders for that release (they once named {@code periscope-periscope}).
   */
  @Test
  void theInstallGuideNamesTheServiceAccountAndServiceTheChartRenders() throws IOException {
    String install = Files.readString(Charts.repoRoot().resolve("docs/setup/install.md"));
    assertThat(install).contains("helm install periscope deploy/helm/periscope -n periscope");
    Charts.Rendered r = Charts.renderAs("periscope", "periscope", Charts.Chart.SERVER, Map.of(), List.of());
    assertThat(r.names("ServiceAccount")).hasSize(1);
    String sa = r.names("ServiceAccount").getFirst();
    assertThat(r.has("Service", sa)).as("the Service port-forward reaches").isTrue();

    assertThat(named(install, "--service-account (\\S+)")).containsOnly(sa).isNotEmpty();
    assertThat(named(install, "system:serviceaccount:periscope:([^\"]+)\"")).containsOnly(sa).isNotEmpty();
    assertThat(named(install, "port-forward svc/(\\S+)")).containsOnly(sa).isNotEmpty();
  }

  @Test
  void theAgentGuideNoLongerSaysThereIsNoAgentChart() throws IOException {
    String agent = Files.readString(Charts.repoRoot().resolve("docs/agent.md")).toLowerCase(java.util.Locale.ROOT);
    assertThat(agent).doesNotContain("no agent chart").doesNotContain("agent chart yet").contains("helm install agent deploy/helm/periscope-agent");
    assertThat(Charts.Chart.AGENT.path()).isDirectory();
  }

  private static List<String> named(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theAuditPageListsEveryVerbAndNoOther() throws IOException {
    String doc = read("docs/setup/audit.md");
    String table = doc.substring(doc.indexOf("## What is recorded"), doc.indexOf("## Shipping it to a SIEM"));
    Set<String> documented = new LinkedHashSet<>();
    for (String row : table.lines().filter(l -> l.startsWith("| `")).toList()) {
      Matcher m = Pattern.compile("`([a-z_.]+)`").matcher(row.substring(0, row.indexOf('|', 1)));
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    // Every verb is built now (the last reserved ones, inspector_refresh and addon_write, landed with #17 and #18).
    Set<String> recorded = Arrays.stream(Verb.values()).map(Verb::wireName).collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(documented).as("verbs in the table of docs/setup/audit.md").containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(table).as("no verb is described as not built").doesNotContain("not built yet");
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/troubleshooting.md", "docs/helm-releases.md", "docs/setup/cluster-rbac.md", "docs/faq.md"})
  void everyErrorCodeNamedWithAStatusIsOneTheServerAnswers(String docPath) throws IOException {
    Map<String, Integer> known = new java.util.HashMap<>(RELAYED);
    for (ErrorCode c : ErrorCode.values()) {
      known.put(c.code(), c.status());
    }
    List<String> wrong = new ArrayList<>();
    Matcher m = STATUS_AND_CODE.matcher(read(docPath));
    int seen = 0;
    while (m.find()) {
      seen++;
      Integer status = known.get(m.group(2));
      if (status == null || status != Integer.parseInt(m.group(1))) {
        wrong.add(m.group(1) + " " + m.group(2) + (status == null ? " (no such code)" : " (the server answers " + status + ")"));
      }
    }
    assertThat(wrong).as("status + code pairs in %s", docPath).isEmpty();
    if (docPath.equals("docs/troubleshooting.md")) {
      assertThat(seen).as("the check found the codes it is meant to check").isGreaterThan(20);
    }
  }

  @Test
  void everyConfigurationKeyIsKnownToTheServerOrAChart() throws IOException {
    JsonNode serverValues = YAML.readTree(Charts.Chart.SERVER.path().resolve("values.yaml").toFile());
    JsonNode agentValues = YAML.readTree(Charts.Chart.AGENT.path().resolve("values.yaml").toFile());
    Set<String> unknown = new LinkedHashSet<>();
    int seen = 0;
    for (String docPath : OPERATOR_DOCS) {
      Matcher m = KEY.matcher(read(docPath));
      while (m.find()) {
        String key = m.group(1);
        if (Verb.parse(key).isPresent() || key.equals("audit.event") || key.matches(".*\\.(ya?ml|json|md)$")) {
          continue; // an audit verb, the SIEM line's marker, or a file name: not a key
        }
        seen++;
        String pointer = "/" + key.replace('.', '/');
        boolean chartValue = !serverValues.at(pointer).isMissingNode() || !agentValues.at(pointer).isMissingNode();
        boolean known = chartValue || serverKnows(key);
        if (NOT_YET.contains(key) ? known : !known) {
          unknown.add(docPath + ": " + key + (known ? " exists, but the doc says it does not yet" : ""));
        }
      }
    }
    assertThat(unknown).as("keys neither the server config nor a chart's values.yaml has").isEmpty();
    assertThat(seen).as("the check found the keys it is meant to check").isGreaterThan(40);
  }

  @Test
  void theAgentsSettingsTableListsEverySettingTheAgentReadsAndNoOther() throws IOException {
    String doc = read("docs/agent.md");
    String section = doc.substring(doc.indexOf("## Settings"), doc.indexOf("\n## ", doc.indexOf("## Settings") + 1));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `(--[a-z-]+)` \\| `(PERISCOPE_AGENT_[A-Z_]+)` \\|").matcher(section);
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2));
    }
    assertThat(rows).as("rows of the settings table in docs/agent.md")
        .containsExactlyElementsOf(Arrays.stream(AgentSetting.values()).map(s -> s.flag() + " " + s.env()).toList());
  }

  /**
   * True when the server's own loader accepts {@code key} as a configuration key (its value may
   * still be invalid) or as the section or map entry of one.
   */
  private boolean serverKnows(String key) throws IOException {
    ObjectNode root = YAML.createObjectNode();
    root.putObject("auth").putObject("oidc").put("issuer", "https://idp.example.com").put("clientId", "periscope");
    ObjectNode node = root;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
    }
    node.put(parts[parts.length - 1], "x");
    Path file = tmp.resolve("config.yaml");
    YAML.writeValue(file.toFile(), root);
    try {
      ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
      return true;
    } catch (ConfigException e) {
      return !e.getMessage().contains("unknown configuration key");
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static String read(String path) throws IOException {
    return Files.readString(Charts.repoRoot().resolve(path));
  }
}
