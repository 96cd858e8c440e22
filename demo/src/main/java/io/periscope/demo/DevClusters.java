package io.periscope.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the contexts of a kubeconfig file into dev-mode cluster entries, one per context. */
final class DevClusters {
  private static final int MAX_LABEL = 63;

  private DevClusters() {}

  /**
   * @throws IllegalArgumentException naming the file when it cannot be read or has no contexts
   */
  static List<ClusterSpec> fromKubeconfig(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
    }
    List<String> contexts = new ArrayList<>();
    if (root != null) {
      root.path("contexts").forEach(c -> {
        if (c.hasNonNull("name")) {
          contexts.add(c.get("name").asText());
        }
      });
    }
    if (contexts.isEmpty()) {
      throw new IllegalArgumentException("kubeconfig " + file + " has no contexts");
    }
    Set<String> taken = new HashSet<>();
    return contexts.stream().map(ctx -> spec(unique(dnsLabel(ctx), taken), file, ctx, "dev")).toList();
  }

  private static ClusterSpec spec(String name, Path kubeconfig, String context, String environment) {
    return new ClusterSpec(name, Backend.KUBECONFIG, Optional.empty(), Optional.empty(), Optional.empty(), environment,
        Map.of("context", context), Optional.of(kubeconfig.toString()), Optional.of(context), Optional.empty());
  }

  /**
   * Cluster names appear in URLs, so they are DNS labels. EKS contexts are usually the cluster ARN;
   * its last path segment ({@code cluster/<name>}) is the part a person recognises.
   */
  static String dnsLabel(String context) {
    String base = context.startsWith("arn:") && context.contains("/") ? context.substring(context.lastIndexOf('/') + 1) : context;
    String label = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
    if (label.length() > MAX_LABEL) {
      label = label.substring(0, MAX_LABEL).replaceAll("-$", "");
    }
    return label.isEmpty() ? "cluster" : label;
  }

  private static String unique(String label, Set<String> taken) {
    String candidate = label;
    for (int n = 2; !taken.add(candidate); n++) {
      String suffix = "-" + n;
      candidate = label.substring(0, Math.min(label.length(), MAX_LABEL - suffix.length())) + suffix;
    }
    return candidate;
  }
}
