package io.periscope.rbac.denial;

import java.util.Locale;

/**
 * The smallest RBAC that allows exactly one refused request: one rule with the request's verb, API
 * group and resource (with its subresource, e.g. {@code pods/exec}), narrowed to the object's name
 * when the request named one; a Role + RoleBinding in the request's namespace, or a ClusterRole +
 * ClusterRoleBinding for a cluster-wide request (a cluster-scoped kind, a namespaced kind across all
 * namespaces) and for a non-resource URL. Written as YAML with every value double-quoted, so no
 * name can change the document's shape.
 */
public final class MinimalGrant {
  /** Who the binding names. */
  public enum SubjectKind { User, Group }

  private static final int MAX_NAME = 63;

  private MinimalGrant() {}

  /** The Role/ClusterRole and its binding to one subject, as two YAML documents. */
  public static String yaml(DeniedRequest d, SubjectKind kind, String subject) {
    String name = objectName(d, kind, subject);
    boolean cluster = d.clusterWide();
    String roleKind = cluster ? "ClusterRole" : "Role";
    StringBuilder y = new StringBuilder();
    y.append("# Allows exactly: ").append(describe(d)).append('\n');
    y.append("# Hand this to a cluster admin; Periscope never applies it.\n");
    y.append("apiVersion: rbac.authorization.k8s.io/v1\n");
    y.append("kind: ").append(roleKind).append('\n');
    metadata(y, name, d);
    y.append("rules:\n");
    if (d.nonResource()) {
      y.append("  - nonResourceURLs: [").append(q(d.path())).append("]\n");
    } else {
      y.append("  - apiGroups: [").append(q(d.apiGroup())).append("]\n");
      y.append("    resources: [").append(q(d.fullResource())).append("]\n");
      if (!d.name().isEmpty()) {
        y.append("    resourceNames: [").append(q(d.name())).append("]\n");
      }
    }
    y.append("    verbs: [").append(q(d.verb())).append("]\n");
    y.append("---\n");
    y.append("apiVersion: rbac.authorization.k8s.io/v1\n");
    y.append("kind: ").append(roleKind).append("Binding\n");
    metadata(y, name, d);
    y.append("subjects:\n");
    y.append("  - kind: ").append(kind.name()).append('\n');
    y.append("    apiGroup: rbac.authorization.k8s.io\n");
    y.append("    name: ").append(q(subject)).append('\n');
    y.append("roleRef:\n");
    y.append("  kind: ").append(roleKind).append('\n');
    y.append("  apiGroup: rbac.authorization.k8s.io\n");
    y.append("  name: ").append(q(name)).append('\n');
    return y.toString();
  }

  /** {@code get pods/log "web-0" in namespace "shop"}, {@code list nodes cluster-wide}, {@code get path "/metrics"}. */
  public static String describe(DeniedRequest d) {
    if (d.nonResource()) {
      return d.verb() + " path " + q(d.path());
    }
    String what = d.verb() + " " + d.fullResource() + (d.apiGroup().isEmpty() ? "" : " (API group " + d.apiGroup() + ")")
        + (d.name().isEmpty() ? "" : " " + q(d.name()));
    return what + (d.clusterWide() ? " cluster-wide" : " in namespace " + q(d.namespace()));
  }

  private static void metadata(StringBuilder y, String name, DeniedRequest d) {
    y.append("metadata:\n");
    y.append("  name: ").append(q(name)).append('\n');
    if (!d.clusterWide()) {
      y.append("  namespace: ").append(q(d.namespace())).append('\n');
    }
  }

  /** {@code ask-alice-get-pods-log}: a valid object name (DNS subdomain characters, at most 63) saying what it is for. */
  static String objectName(DeniedRequest d, SubjectKind kind, String subject) {
    String what = d.nonResource() ? "path" : d.fullResource() + (d.apiGroup().isEmpty() ? "" : "." + d.apiGroup());
    String raw = "ask-" + (kind == SubjectKind.Group ? "group-" : "") + subject + "-" + d.verb() + "-" + what;
    String clean = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("-{2,}", "-");
    if (clean.length() > MAX_NAME) {
      clean = clean.substring(0, MAX_NAME);
    }
    return clean.replaceAll("[.-]+$", "");
  }

  /** A YAML double-quoted scalar (JSON string syntax, which YAML accepts as is). */
  private static String q(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
