package io.periscope.resources;

import io.periscope.names.KubernetesNames;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Printable;
import io.periscope.problem.Problem;

/**
 * One object a request names: cluster, kind, namespace ({@code ""} for cluster-scoped kinds) and
 * name. Names are checked against the Kubernetes name syntax so they can go into a URL path.
 */
public record ObjectAddress(String cluster, ResourceKind kind, String namespace, String name) {
  /** Path segment that stands for "no namespace" in object URLs of cluster-scoped kinds. */
  public static final String NO_NAMESPACE = "_";

  public ObjectAddress {
    if (!kind.namespaced()) {
      if (!namespace.isEmpty() && !namespace.equals(NO_NAMESPACE)) {
        throw new Problem(ErrorCode.BAD_REQUEST, kind.kind() + " is cluster-scoped; use '_' as the namespace segment");
      }
      namespace = "";
    } else {
      requireName("namespace", namespace);
    }
    if (!name.isEmpty()) {
      requireName("name", name);
    }
  }

  /** An object whose name the apiserver will generate (create with {@code generateName}); name is empty. */
  public static ObjectAddress unnamed(String cluster, ResourceKind kind, String namespace) {
    return new ObjectAddress(cluster, kind, namespace, "");
  }

  public static String requireName(String what, String value) {
    if (!KubernetesNames.isDnsSubdomain(value)) {
      throw new Problem(ErrorCode.BAD_REQUEST, "invalid " + what + " '" + Printable.escaped(value) + "': expected a DNS-1123 name");
    }
    return value;
  }

  public String path() {
    return kind.objectPath(namespace, name);
  }

  @Override
  public String toString() {
    return kind.kind() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " in cluster '" + cluster + "'";
  }
}
