package io.periscope.agent.link;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where the agent keeps its key and certificate between starts. */
public sealed interface StateLocation {

  /** Who reads it in messages: "directory /x" or "Secret ns/name". */
  String describe();

  /** {@code agent.key} (0600) and {@code agent.crt} in a directory: local runs and tests. */
  record Directory(Path path) implements StateLocation {
    @Override
    public String describe() {
      return "directory " + path;
    }
  }

  /**
   * Data keys {@code agent.key} and {@code agent.crt} of an existing Secret, read and updated with
   * the agent's ServiceAccount (get and update on that one Secret, nothing else): in a cluster.
   */
  record KubernetesSecret(String namespace, String name) implements StateLocation {
    /** A DNS-1123 subdomain (Secret names) or label (namespaces). */
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** @throws IllegalArgumentException for a name Kubernetes would refuse */
    public KubernetesSecret {
      if (namespace == null || namespace.length() > 63 || !LABEL.matcher(namespace).matches()) {
        throw new IllegalArgumentException("'" + namespace + "' is not a namespace name (lower-case letters, digits and '-', at most 63)");
      }
      if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a Secret name (lower-case letters, digits, '-' and '.', at most 253)");
      }
    }

    @Override
    public String describe() {
      return "Secret " + namespace + "/" + name;
    }
  }
}
