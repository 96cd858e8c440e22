package io.periscope.resources;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of kind-specific behaviour. Every route is generic over discovered kinds; this
 * table only says which actions make sense for which kind and where owned objects live. Scaling
 * follows discovery (any kind with a {@code scale} subresource, CRDs included). The discovery
 * answer carries each kind's {@link #actions}, so the console offers what this table allows.
 */
public final class KindRules {
  /** The actions on an object; apply and delete work on every kind, the others on some. */
  public enum Action {
    APPLY, DELETE, SCALE, RESTART, TRIGGER, REVEAL, EVICT, CORDON, ROLLBACK, PAUSE, DEBUG;

    /** The name in URLs and API answers ({@code scale}). */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record GroupPlural(String group, String plural) {}

  private static final Map<Action, List<GroupPlural>> FIXED = Map.of(
      Action.RESTART, List.of(new GroupPlural("apps", "deployments"), new GroupPlural("apps", "statefulsets"),
          new GroupPlural("apps", "daemonsets")),
      Action.TRIGGER, List.of(new GroupPlural("batch", "cronjobs")),
      Action.REVEAL, List.of(new GroupPlural("", "secrets")),
      Action.EVICT, List.of(new GroupPlural("", "pods")),
      Action.DEBUG, List.of(new GroupPlural("", "pods")),
      Action.CORDON, List.of(new GroupPlural("", "nodes")),
      Action.ROLLBACK, List.of(new GroupPlural("apps", "deployments"), new GroupPlural("apps", "statefulsets"),
          new GroupPlural("apps", "daemonsets")),
      // Deployments: rollouts (spec.paused); CronJobs: the schedule (spec.suspend).
      Action.PAUSE, List.of(new GroupPlural("apps", "deployments"), new GroupPlural("batch", "cronjobs")));

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
    return switch (action) {
      case APPLY, DELETE -> true;
      case SCALE -> kind.subresources().contains("scale");
      default -> FIXED.get(action).stream().anyMatch(gp -> kind.is(gp.group(), gp.plural()));
    };
  }

  /** Every action the kind supports, in {@link Action} order (what the console offers on its objects). */
  public static List<Action> actions(ResourceKind kind) {
    return java.util.Arrays.stream(Action.values()).filter(a -> supports(kind, a)).toList();
  }

  /** A 422 naming what the action supports, unless the kind supports it. */
  public static void require(ResourceKind kind, Action action) {
    if (!supports(kind, action)) {
      String what = action == Action.SCALE ? "kinds with a scale subresource"
          : String.join(", ", FIXED.get(action).stream().map(GroupPlural::plural).toList());
      throw new Problem(ErrorCode.UNSUPPORTED_ACTION,
          action.wireName() + " is not available for " + kind.kind() + " (only " + what + ")");
    }
  }

  /** The served kinds that may hold objects owned by an object of {@code kind}. */
  public static List<ResourceKind> childKinds(Discovery.Snapshot served, ResourceKind kind) {
    return CHILDREN.getOrDefault(new GroupPlural(kind.group(), kind.plural()), List.of()).stream()
        .map(gp -> served.kinds().stream().filter(k -> k.is(gp.group(), gp.plural())).findFirst())
        .flatMap(Optional::stream).toList();
  }
}
