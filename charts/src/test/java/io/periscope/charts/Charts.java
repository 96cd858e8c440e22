package io.periscope.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders the repository's Helm charts with the real Helm engine (helm-java) and parses the
 * output into objects. Values fixtures live under {@code src/test/resources/<chart-dir>/}.
 */
final class Charts {

  static final String RELEASE = "ops";
  static final String NAMESPACE = "periscope-system";

  /** The two charts under deploy/helm. */
  enum Chart {
    SERVER("periscope", "server"),
    AGENT("periscope-agent", "agent");

    final String dir;
    final String fixtureDir;

    Chart(String dir, String fixtureDir) {
      this.dir = dir;
      this.fixtureDir = fixtureDir;
    }

    Path path() {
      return repoRoot().resolve("deploy/helm").resolve(dir);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Charts() {}

  static Path repoRoot() {
    String configured = System.getProperty("periscope.repoRoot");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    return root.toAbsolutePath().normalize();
  }

  /** Renders {@code chart} with the given fixture files (names relative to the chart's fixture dir). */
  static Rendered render(Chart chart, String... fixtures) {
    return render(chart, Map.of(), fixtures);
  }

  static Rendered render(Chart chart, Map<String, Object> sets, String... fixtures) {
    return render(chart, sets, Stream.of(fixtures).map(f -> fixture(chart, f)).toList());
  }

  /** Renders {@code chart} with values files given by path (e.g. another chart's fixture). */
  static Rendered render(Chart chart, Map<String, Object> sets, List<Path> valuesFiles) {
    return renderAs(RELEASE, NAMESPACE, chart, sets, valuesFiles);
  }

  /** Renders {@code chart} as release {@code release} in {@code namespace} (e.g. as the docs install it). */
  static Rendered renderAs(String release, String namespace, Chart chart, Map<String, Object> sets, List<Path> valuesFiles) {
    TemplateCommand cmd =
        new Helm(chart.path()).template().withName(release).withNamespace(namespace);
    for (Path file : valuesFiles) {
      cmd = cmd.withValuesFile(file);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      cmd = cmd.set(set.getKey(), set.getValue());
    }
    return Rendered.parse(cmd.call());
  }

  static LintResult lint(Chart chart) {
    return lint(chart.path());
  }

  static LintResult lint(Path chartDir) {
    return new Helm(chartDir).lint().strict().call();
  }

  /** The library chart both charts include (deploy/helm/periscope-common). */
  static Path commonLibrary() {
    return repoRoot().resolve("deploy/helm/periscope-common");
  }

  static Path fixture(Chart chart, String name) {
    try {
      var url = Charts.class.getResource("/" + chart.fixtureDir + "/" + name);
      if (url == null) {
        throw new IllegalArgumentException("no fixture " + chart.fixtureDir + "/" + name);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every values fixture of a chart, for invariant tests that must hold under any configuration. */
  static List<String> fixtures(Chart chart) {
    try (var files = Files.list(fixture(chart, "").toAbsolutePath())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The NOTES.txt Helm prints after an install, rendered client-side ({@code helm install --dry-run}
   * with no cluster), for the given fixtures.
   */
  static String notes(Chart chart, Map<String, Object> sets, String... fixtures) {
    InstallCommand cmd = new Helm(chart.path()).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly();
    for (String fixture : fixtures) {
      cmd = cmd.withValuesFile(fixture(chart, fixture));
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      cmd = cmd.set(set.getKey(), set.getValue());
    }
    String output = cmd.call().getOutput();
    int at = output.indexOf("NOTES:\n");
    if (at < 0) {
      throw new AssertionError("no NOTES in helm output:\n" + output);
    }
    return output.substring(at + "NOTES:\n".length());
  }

  /** The parsed output of one {@code helm template}: each object and the template it came from. */
  record Rendered(List<JsonNode> objects, List<String> sources) {

    private static final String SOURCE = "# Source: ";

    static Rendered parse(String manifest) {
      List<JsonNode> objects = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (String document : manifest.split("(?m)^---\\s*$")) {
        String source = document.lines()
            .filter(l -> l.startsWith(SOURCE))
            .map(l -> l.substring(SOURCE.length()).trim())
            .findFirst()
            .orElse("");
        try {
          JsonNode node = YAML.readTree(document);
          if (node != null && !node.isNull() && !node.isMissingNode() && node.has("kind")) {
            objects.add(node);
            sources.add(source);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("rendered manifest is not valid YAML:\n" + document, e);
        }
      }
      return new Rendered(List.copyOf(objects), List.copyOf(sources));
    }

    /**
     * Only the objects rendered by one template of the chart, like {@code helm template
     * --show-only templates/<name>}.
     */
    Rendered showOnly(String template) {
      List<JsonNode> kept = new ArrayList<>();
      List<String> keptSources = new ArrayList<>();
      for (int i = 0; i < objects.size(); i++) {
        String source = sources.get(i);
        if (source.substring(source.indexOf('/') + 1).equals(template)) {
          kept.add(objects.get(i));
          keptSources.add(source);
        }
      }
      return new Rendered(List.copyOf(kept), List.copyOf(keptSources));
    }

    List<JsonNode> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    List<String> names(String kind) {
      return ofKind(kind).stream().map(o -> o.path("metadata").path("name").asText()).sorted().toList();
    }

    boolean has(String kind, String name) {
      return names(kind).contains(name);
    }

    JsonNode one(String kind, String name) {
      return ofKind(kind).stream()
          .filter(o -> name.equals(o.path("metadata").path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + summary()));
    }

    List<String> summary() {
      return objects.stream()
          .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
          .toList();
    }

    /** Every RBAC rule of every (Cluster)Role. */
    List<JsonNode> rules() {
      List<JsonNode> rules = new ArrayList<>();
      for (JsonNode role : objects) {
        String kind = role.path("kind").asText();
        if (kind.equals("ClusterRole") || kind.equals("Role")) {
          role.path("rules").forEach(rules::add);
        }
      }
      return rules;
    }
  }

  /** A value of a Secret the chart renders: {@code stringData} as is, {@code data} base64-decoded. */
  private static String chartSecretValue(JsonNode secret, String key) {
    if (secret.at("/stringData").has(key)) {
      return secret.at("/stringData/" + key).asText();
    }
    JsonNode data = secret.at("/data/" + key);
    return data.isMissingNode() ? null
        : new String(java.util.Base64.getDecoder().decode(data.asText()), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A container's environment as the kubelet hands it over: plain values, each {@code secretKeyRef}
   * from a Secret the chart rendered or else from {@code operatorSecrets} ("name/key", the Secrets an
   * operator created), and the pod's name and namespace.
   */
  static Map<String, String> podEnvironment(Rendered r, JsonNode container, Map<String, String> operatorSecrets) {
    Map<String, String> env = new java.util.HashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      JsonNode secretRef = e.at("/valueFrom/secretKeyRef");
      String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
      if (e.has("value")) {
        env.put(name, e.path("value").asText());
      } else if (!secretRef.isMissingNode()) {
        String secret = secretRef.path("name").asText();
        String key = secretRef.path("key").asText();
        String value = r.has("Secret", secret) ? chartSecretValue(r.one("Secret", secret), key) : operatorSecrets.get(secret + "/" + key);
        if (value == null) {
          throw new AssertionError("the pod reads Secret key " + secret + "/" + key + ", which neither the chart nor the test provides");
        }
        env.put(name, value);
      } else if (field.equals("metadata.namespace")) {
        env.put(name, NAMESPACE);
      } else if (field.equals("metadata.name")) {
        env.put(name, RELEASE + "-pod-0");
      } else {
        throw new AssertionError("an env entry the kubelet model here cannot resolve: " + e);
      }
    }
    return env;
  }

  /** The names of a container's environment variables, in order. */
  static List<String> envNames(JsonNode container) {
    List<String> names = new ArrayList<>();
    container.path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  /** The number of a container's port named {@code name}. */
  static int containerPort(JsonNode container, String name) {
    for (JsonNode p : container.path("ports")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port " + name + " in " + container.path("ports"));
  }

  /** Where a container mounts the volume {@code volume}. */
  static String mountPath(JsonNode container, String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (volume.equals(m.path("name").asText())) {
        return m.path("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of volume " + volume + " in " + container.path("volumeMounts"));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
