package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.periscope.charts.Charts.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both charts' values.schema.json refuse keys they do not know, at the top level and inside the
 * sections the templates read key by key: a typo such as {@code ingres:} or
 * {@code agentTunnel.hostname} used to be ignored, leaving the setting at its default.
 */
class UnknownValuesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^([ \\t]*)```ya?ml[ \\t]*\\n(.*?)^[ \\t]*```", Pattern.DOTALL);

  @TempDir Path dir;

  static List<Arguments> misspelt() {
    return List.of(
        Arguments.of(Chart.SERVER, "ingres:\n  enabled: true\n", "ingres"),
        Arguments.of(Chart.SERVER, "agentTunnel:\n  hostname: [tunnel.example.com]\n", "hostname"),
        Arguments.of(Chart.SERVER, "auth:\n  oidc:\n    clientSecret:\n      existingSecrt: periscope-oidc\n", "existingSecrt"),
        Arguments.of(Chart.SERVER, "server:\n  publicURL: https://periscope.example.com\n", "publicURL"),
        Arguments.of(Chart.AGENT, "clusterRol:\n  enabled: false\n", "clusterRol"),
        Arguments.of(Chart.AGENT, "agent:\n  serverURL: https://tunnel.example.com:8443\n", "serverURL"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("misspelt")
  void aMisspeltKeyIsRefusedWithTheSchemasMessage(Chart chart, String values, String key) throws IOException {
    Path file = Files.writeString(dir.resolve("values.yaml"), values);

    assertThatThrownBy(() -> Charts.render(chart, Map.of(), List.of(file)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(key)
        .hasMessageContaining("not allowed");
  }

  /** Helm hands {@code global} to every chart (a parent chart's globals); it must not count as a typo. */
  @ParameterizedTest
  @EnumSource(Chart.class)
  void globalValuesAreAccepted(Chart chart) throws IOException {
    Path file = Files.writeString(dir.resolve("values.yaml"), "global:\n  imageRegistry: registry.example.com\n");

    assertThat(Charts.render(chart, Map.of(), List.of(file)).ofKind("Deployment")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Chart.class)
  void theDefaultValuesRender(Chart chart) {
    assertThat(Charts.render(chart, Map.of(), List.of()).ofKind("Deployment")).hasSize(1);
  }

  /**
   * Every values example in the docs renders with the chart it is meant for: a YAML block whose
   * top-level keys are all values of a chart (a Kubernetes manifest or a config.yaml of the server
   * is not). Blocks of auth and clusterRBAC only are the authz.yaml both charts take.
   */
  @Test
  void everyValuesExampleInTheDocsRenders() throws IOException {
    Set<String> serverKeys = topLevelKeys(Chart.SERVER);
    Set<String> agentKeys = topLevelKeys(Chart.AGENT);
    List<String> rendered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int n = 0;
    for (Block block : docBlocks()) {
      JsonNode values = YAML.readTree(block.text());
      if (values == null || !values.isObject() || values.isEmpty() || values.has("apiVersion")) {
        continue;
      }
      Set<String> keys = new java.util.HashSet<>();
      values.fieldNames().forEachRemaining(keys::add);
      Path file = Files.writeString(dir.resolve("example-" + n++ + ".yaml"), block.text());
      for (Chart chart : Chart.values()) {
        if ((chart == Chart.SERVER ? serverKeys : agentKeys).containsAll(keys)) {
          String where = block.where() + " (" + chart.dir + ")";
          try {
            Charts.render(chart, Map.of(), List.of(file));
            rendered.add(where);
          } catch (RuntimeException e) {
            failed.add(where + ": " + e.getMessage());
          }
        }
      }
    }
    assertThat(failed).isEmpty();
    assertThat(rendered).as("the examples found: the install guide's values, authz.yaml for both charts, ...")
        .contains("docs/setup/install.md:90 (periscope)").anyMatch(w -> w.endsWith("(periscope-agent)")).hasSizeGreaterThan(10);
  }

  private static Set<String> topLevelKeys(Chart chart) throws IOException {
    JsonNode schema = new ObjectMapper().readTree(chart.path().resolve("values.schema.json").toFile());
    assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s refuses unknown top-level keys", chart.dir).isFalse();
    Set<String> keys = new java.util.HashSet<>();
    schema.path("properties").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  record Block(String where, String text) {}

  /** The ```yaml blocks of every page under docs/, dedented, with the line of their opening fence. */
  private static List<Block> docBlocks() throws IOException {
    Path docs = Charts.repoRoot().resolve("docs");
    List<Block> blocks = new ArrayList<>();
    try (Stream<Path> pages = Files.walk(docs)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        String text = Files.readString(page);
        Matcher m = YAML_BLOCK.matcher(text);
        while (m.find()) {
          String indent = m.group(1);
          String body = m.group(2).lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip())
              .reduce("", (a, l) -> a + l + "\n");
          int line = (int) text.substring(0, m.start()).lines().count() + 1;
          blocks.add(new Block(Charts.repoRoot().relativize(page) + ":" + line, body));
        }
      }
    }
    return blocks;
  }
}
