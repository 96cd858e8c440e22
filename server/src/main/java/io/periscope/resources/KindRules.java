package io.periscope.resources;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of kind-specific behaviour. Every route is generic over discovered kinds; this
 * table only says which actions make sense for which kind and where owned objects live. Scaling
 * follows discovery (any kind with a {@code scale} subresource, CRDs included).
 */
public final class KindRules {
  /** What an action needs from a kind. */
  public enum Action { SCALE, RESTART, TRIGGER, REVEAL }

  private record GroupPlural(String group, String plural) {}

  private static final Map<Action, List<GroupPlural>> FIXED = Map.of(
      Action.RESTART, List.of(new GroupPlural("apps", "deployments"), new GroupPlural("apps", "statefulsets"),
          new GroupPlural("apps", "daemonsets")),
      Action.TRIGGER, List.of(new GroupPlural("batch", "cronjobs")),
      Action.REVEAL, List.of(new GroupPlural("", "secrets")));

  /** Kinds whose objects a controller of the given kind owns (group, plural). */
  private static final Map<GroupPlural, List<GroupPlural>> CHILDREN = Map.of(
      new GroupPlural("apps", "deployments"), List.of(new GroupPlural("apps", "replicasets")),
      new GroupPlural("apps", "replicasets"), List.of(new GroupPlural("", "pods")),
      new GroupPlural("apps", "statefulsets"), List.of(new GroupPlural("", "pods")),
      new GroupPlural("apps", "daemonsets"), List.of(new GroupPlural("", "pods")),
      new GroupPlural("batch", "jobs"), List.of(new GroupPlural("", "pods")),
      new GroupPlural("batch", "cronjobs"), List.of(new GroupPlural("batch", "jobs")));

  private KindRules() {}

  public static boolean supports(ResourceKind kind, Action action) {
    if (action == Action.SCALE) {
      return kind.subresources().contains("scale");
    }
    return FIXED.get(action).stream().anyMatch(gp -> kind.is(gp.group(), gp.plural()));
  }

  /** A 422 naming what the action supports, unless the kind supports it. */
  public static void require(ResourceKind kind, Action action) {
    if (!supports(kind, action)) {
      String what = action == Action.SCALE ? "kinds with a scale subresource"
          : String.join(", ", FIXED.get(action).stream().map(GroupPlural::plural).toList());
      throw new Problem(ErrorCode.UNSUPPORTED_ACTION,
          action.name().toLowerCase(java.util.Locale.ROOT) + " is not available for " + kind.kind() + " (only " + what + ")");
    }
  }

  /** The served kinds that may hold objects owned by an object of {@code kind}. */
  public static List<ResourceKind> childKinds(Discovery.Snapshot served, ResourceKind kind) {
    return CHILDREN.getOrDefault(new GroupPlural(kind.group(), kind.plural()), List.of()).stream()
        .map(gp -> served.kinds().stream().filter(k -> k.is(gp.group(), gp.plural())).findFirst())
        .flatMap(Optional::stream).toList();
  }
}
