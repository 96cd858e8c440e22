package io.periscope.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.config.ConfigException;
import io.periscope.json.Yaml;
import io.periscope.json.YamlProblems;
import io.periscope.names.KubernetesNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and validates {@code clusters.yaml}. Errors name the entry and field, e.g. {@code clusters[2].backend}. */
public final class ClustersFile {
  private static final Pattern EKS_ARN = Pattern.compile("arn:aws[a-z-]*:eks:([a-z0-9-]+):(\\d{12}):cluster/([A-Za-z0-9][A-Za-z0-9_-]*)");
  private static final Set<String> FIELDS = Set.of(
      "name", "backend", "region", "arn", "eksName", "environment", "tags", "kubeconfig", "context", "agent", "inspector");

  private ClustersFile() {}

  public static List<ClusterSpec> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("clusters.file", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    return parse(text);
  }

  public static List<ClusterSpec> parse(String yaml) {
    JsonNode root;
    try {
      root = Yaml.noDuplicateKeys().readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException("clusters", "invalid YAML: " + YamlProblems.describe(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    // The documented shape is a top-level 'clusters:' list; a bare list of entries (as the FAQ's
    // "add an entry: - name: ..." reads) is the same list.
    JsonNode list = root.isArray() ? root : root.isObject() ? root.get("clusters") : null;
    if (list == null || list.isNull()) {
      if (root.isObject() && root.size() == 0) {
        return List.of();
      }
      throw new ConfigException("clusters", "expected a top-level 'clusters:' list (or a bare list of entries)");
    }
    if (!list.isArray()) {
      throw new ConfigException("clusters", "expected a list of cluster entries");
    }
    List<ClusterSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    java.util.Map<String, String> agents = new java.util.HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      ClusterSpec spec = entry("clusters[" + i + "]", list.get(i));
      if (!names.add(spec.name())) {
        throw new ConfigException("clusters[" + i + "].name", "duplicate cluster name '" + spec.name() + "'");
      }
      if (spec.backend() == Backend.AGENT) {
        // An agent's certificate names its agent, and a token minted for either cluster would register the
        // one agent: two clusters sharing it would read each other's apiserver.
        String agent = spec.agent().orElseThrow();
        String earlier = agents.putIfAbsent(agent, spec.name());
        if (earlier != null) {
          throw new ConfigException("clusters[" + i + "].agent", "agent '" + agent + "' already serves cluster '" + earlier
              + "'; each agent cluster needs an agent of its own");
        }
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private static ClusterSpec entry(String at, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(at, "expected a mapping with name and backend");
    }
    node.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw new ConfigException(at + "." + f, "unknown field; expected one of " + FIELDS.stream().sorted().toList());
      }
    });
    String name = text(at, node, "name").orElseThrow(() -> new ConfigException(at + ".name", "required"));
    if (!KubernetesNames.isDnsLabel(name)) {
      throw new ConfigException(at + ".name", "'" + name + "' must be a DNS label: lowercase letters, digits and '-', at most 63 characters");
    }
    // An EKS ARN says the backend, as the FAQ's entries (name, region, arn, environment, tags) rely on.
    String backendText = text(at, node, "backend").or(() -> text(at, node, "arn").map(a -> "eks"))
        .orElseThrow(() -> new ConfigException(at + ".backend", "required (eks, kubeconfig, in-cluster or agent; an 'arn' implies eks)"));
    Backend backend = Backend.parse(backendText).orElseThrow(() -> new ConfigException(
        at + ".backend", "unknown backend '" + backendText + "'; expected eks, kubeconfig, in-cluster or agent"));
    Optional<String> region = text(at, node, "region");
    Optional<String> arn = text(at, node, "arn");
    Optional<String> eksName = text(at, node, "eksName");
    // Any backend may name the EKS cluster it is (an agent or kubeconfig cluster on EKS): the AWS
    // features then work for it. The ARN gives the region and the EKS name.
    if (arn.isPresent()) {
      Matcher m = EKS_ARN.matcher(arn.get());
      if (!m.matches()) {
        throw new ConfigException(at + ".arn", "not an EKS cluster ARN (arn:aws:eks:<region>:<account>:cluster/<name>)");
      }
      if (region.isPresent() && !region.get().equals(m.group(1))) {
        throw new ConfigException(at + ".region", "'" + region.get() + "' contradicts the ARN's region " + m.group(1));
      }
      region = Optional.of(m.group(1));
      eksName = eksName.or(() -> Optional.of(m.group(3)));
    }
    if (backend == Backend.EKS && (region.isEmpty() || eksName.isEmpty())) {
      throw new ConfigException(at + ".arn", "eks clusters need 'arn', or both 'region' and 'eksName'");
    }
    if (eksName.isPresent() && region.isEmpty()) {
      throw new ConfigException(at + ".region", "'eksName' needs the cluster's 'region' (or give its 'arn')");
    }
    Optional<String> agent = text(at, node, "agent");
    if (agent.isPresent() && !io.periscope.agent.ca.AgentCertificates.validClusterName(agent.get())) {
      throw new ConfigException(at + ".agent", "'" + agent.get() + "' is not an agent name: letters, digits, '.', '_', '-'");
    }
    if (backend == Backend.AGENT) {
      agent = agent.or(() -> Optional.of(name));
    }
    return new ClusterSpec(name, backend, region, arn, eksName, text(at, node, "environment").orElse(""),
        tags(at, node.get("tags")), text(at, node, "kubeconfig"), text(at, node, "context"), agent, inspector(at, node.get("inspector")));
  }

  /** {@code inspector: {enabled: true|false}}: this cluster's override of the server's {@code inspector.enabled}. */
  private static Optional<Boolean> inspector(String at, JsonNode inspector) {
    if (inspector == null || inspector.isNull()) {
      return Optional.empty();
    }
    if (!inspector.isObject()) {
      throw new ConfigException(at + ".inspector", "expected a mapping such as {enabled: true}");
    }
    inspector.fieldNames().forEachRemaining(f -> {
      if (!f.equals("enabled")) {
        throw new ConfigException(at + ".inspector." + f, "unknown field; expected [enabled]");
      }
    });
    JsonNode enabled = inspector.get("enabled");
    if (enabled == null || enabled.isNull()) {
      return Optional.empty();
    }
    if (enabled.isBoolean()) {
      return Optional.of(enabled.booleanValue());
    }
    String text = enabled.asText();
    if (!enabled.isContainerNode() && (text.equals("true") || text.equals("false"))) {
      return Optional.of(Boolean.parseBoolean(text));
    }
    throw new ConfigException(at + ".inspector.enabled", "expected true or false, not '" + text + "'");
  }

  private static Map<String, String> tags(String at, JsonNode tags) {
    if (tags == null || tags.isNull()) {
      return Map.of();
    }
    if (!tags.isObject()) {
      throw new ConfigException(at + ".tags", "expected a mapping of key: value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    tags.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Optional<String> text(String at, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (v.isContainerNode()) {
      throw new ConfigException(at + "." + field, "expected a single value");
    }
    return Optional.of(v.asText()).filter(s -> !s.isBlank());
  }
}
