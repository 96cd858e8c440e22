package io.periscope.aws.inspector;

import java.util.Locale;
import java.util.Optional;

/** The kinds that carry CVE chips and a Security tab, by their URL plural. */
public enum InspectorEntity {
  PODS("pods", true), DEPLOYMENTS("deployments", true), STATEFULSETS("statefulsets", true), DAEMONSETS("daemonsets", true),
  NODES("nodes", false), NODECLAIMS("nodeclaims", false);

  private final String plural;
  private final boolean namespaced;

  InspectorEntity(String plural, boolean namespaced) {
    this.plural = plural;
    this.namespaced = namespaced;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  /** The API group the kind's RBAC is checked in. */
  public String group() {
    return switch (this) {
      case PODS, NODES -> "";
      case DEPLOYMENTS, STATEFULSETS, DAEMONSETS -> "apps";
      case NODECLAIMS -> "karpenter.sh";
    };
  }

  public static Optional<InspectorEntity> of(String plural) {
    for (InspectorEntity e : values()) {
      if (e.plural.equals(plural == null ? "" : plural.toLowerCase(Locale.ROOT))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
