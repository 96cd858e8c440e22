package io.periscope.aws.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what identity policies allow, as IAM's evaluation logic does for one account without
 * boundaries or SCPs: an explicit Deny wins, then an Allow, else the implicit deny. Without a
 * {@link RequestContext}, statements with a {@code Condition} are not evaluated: a match through one
 * makes the answer {@code CONDITIONAL} (an upper bound, said as such). With one, {@link Conditions}
 * decides each: true applies the statement, false drops it, unknown (a key not stated) keeps it
 * {@code CONDITIONAL}. Layers beyond identity policies (boundaries, SCPs) are {@link EffectiveAccess}'s. Action names match case-insensitively, resources case-sensitively,
 * both with {@code *} and {@code ?} wildcards. Pure: no AWS calls.
 */
public final class PolicyEngine {
  private PolicyEngine() {}

  public enum Verdict { ALLOWED, CONDITIONAL, DENIED, NOT_ALLOWED }

  /**
   * One statement that matched: its policy, {@code Sid} (may be empty), index in the policy's
   * {@code Statement} list, effect, how it named the action ({@code matchedBy}: the
   * {@code Action} pattern, or {@code NotAction} when it matched by not excluding it), and the
   * resources it names ({@code all but X} for a {@code NotResource} X).
   */
  public record StatementRef(String policy, String sid, int index, boolean allow, boolean conditional, String matchedBy,
      List<String> resources) {
    public StatementRef {
      resources = List.copyOf(resources);
    }

    /** {@code policy Sid}, or {@code policy statement N} without a Sid. */
    public String label() {
      return policy + (sid.isEmpty() ? " statement " + index : " " + sid);
    }

    /** Whether the action was granted through a pattern or a NotAction rather than by its own name. */
    public boolean viaWildcard() {
      return matchedBy.equals("NotAction") || matchedBy.contains("*") || matchedBy.contains("?");
    }
  }

  /**
   * The answer and the statements that decided it. {@code wildcard}: allowed (perhaps under
   * conditions) only through wildcard patterns ({@code *}, {@code s3:*}, {@code s3:Delete*}) or
   * a {@code NotAction}, never by naming the action.
   */
  public record Decision(Verdict verdict, List<StatementRef> statements, boolean wildcard) {
    public Decision {
      statements = List.copyOf(statements);
    }

    /** The deciding statements as {@link StatementRef#label()}s. */
    public List<String> evidence() {
      return statements.stream().map(StatementRef::label).toList();
    }
  }

  /** The decision for {@code action} on {@code resource}. */
  public static Decision evaluate(List<PolicyDocument> policies, String action, String resource) {
    return evaluate(policies, action, Optional.of(resource));
  }

  /** {@link #evaluate(List, String, String)} with conditions decided for {@code ctx}. */
  public static Decision evaluate(List<PolicyDocument> policies, String action, String resource, RequestContext ctx) {
    return evaluate(policies, action, Optional.of(resource), ctx);
  }

  /** {@link #evaluate(List, String, Optional)} without a request context: every condition stays conditional. */
  public static Decision evaluate(List<PolicyDocument> policies, String action, Optional<String> resource) {
    return evaluate(policies, action, resource, RequestContext.NONE);
  }

  /**
   * Whether the statement's condition holds for {@code ctx}: always unknown for {@link RequestContext#NONE}
   * (today's upper bound), true for a statement without a condition.
   */
  public static Conditions.Truth condition(PolicyDocument.Statement s, RequestContext ctx) {
    if (!s.conditional()) {
      return Conditions.Truth.TRUE;
    }
    return ctx == RequestContext.NONE ? Conditions.Truth.UNKNOWN : Conditions.evaluate(s.condition(), ctx).truth();
  }

  /**
   * With a resource: the decision on it. Without one: whether the action is allowed on any
   * resource at all — an Allow on some resource counts, and only a Deny on every resource
   * ({@code Resource} matching {@code *}) takes it away. Conditions are decided for {@code ctx}.
   */
  public static Decision evaluate(List<PolicyDocument> policies, String action, Optional<String> resource, RequestContext ctx) {
    List<StatementRef> denies = new ArrayList<>();
    List<StatementRef> conditionalDenies = new ArrayList<>();
    List<StatementRef> allows = new ArrayList<>();
    List<StatementRef> conditionalAllows = new ArrayList<>();
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        String matchedBy = actionMatch(s, action);
        boolean onResource = resource.isPresent() ? resourceMatches(s, resource.get())
            : s.allow() || s.notResources().isEmpty() && resourceMatches(s, "*");
        if (matchedBy == null || !onResource) {
          continue;
        }
        Conditions.Truth holds = condition(s, ctx);
        if (holds == Conditions.Truth.FALSE) {
          continue;
        }
        boolean conditional = holds == Conditions.Truth.UNKNOWN;
        StatementRef ref = new StatementRef(p.source(), s.sid(), i, s.allow(), conditional, matchedBy, resourcesOf(s));
        (s.allow() ? (conditional ? conditionalAllows : allows) : (conditional ? conditionalDenies : denies)).add(ref);
      }
    }
    if (!denies.isEmpty()) {
      return new Decision(Verdict.DENIED, denies, false);
    }
    if (!allows.isEmpty()) {
      boolean wildcard = allows.stream().allMatch(StatementRef::viaWildcard);
      return conditionalDenies.isEmpty() ? new Decision(Verdict.ALLOWED, allows, wildcard)
          : new Decision(Verdict.CONDITIONAL, concat(allows, conditionalDenies), wildcard);
    }
    if (!conditionalAllows.isEmpty()) {
      return new Decision(Verdict.CONDITIONAL, concat(conditionalAllows, conditionalDenies),
          conditionalAllows.stream().allMatch(StatementRef::viaWildcard));
    }
    return new Decision(Verdict.NOT_ALLOWED, List.of(), false);
  }

  private static List<StatementRef> concat(List<StatementRef> a, List<StatementRef> b) {
    List<StatementRef> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The pattern of {@code Action} that names the action, {@code NotAction} when that list leaves it out, else null. */
  static String actionMatch(PolicyDocument.Statement s, String action) {
    if (!s.notActions().isEmpty()) {
      return s.notActions().stream().noneMatch(p -> Wildcards.matches(p, action, true)) ? "NotAction" : null;
    }
    // A literal name wins over a pattern, so "names the action" is found when both match.
    return s.actions().stream().filter(p -> Wildcards.matches(p, action, true))
        .min((a, b) -> Boolean.compare(isPattern(a), isPattern(b))).orElse(null);
  }

  private static List<String> resourcesOf(PolicyDocument.Statement s) {
    return s.notResources().isEmpty() ? s.resources() : s.notResources().stream().map(r -> "all but " + r).toList();
  }

  private static boolean isPattern(String p) {
    return p.contains("*") || p.contains("?");
  }

  static boolean resourceMatches(PolicyDocument.Statement s, String resource) {
    return s.notResources().isEmpty()
        ? s.resources().stream().anyMatch(p -> Wildcards.matches(p, resource, false))
        : s.notResources().stream().noneMatch(p -> Wildcards.matches(p, resource, false));
  }

  static boolean applies(PolicyDocument.Statement s, String action, String resource) {
    return actionMatch(s, action) != null && resourceMatches(s, resource);
  }

  /** How far an action reaches: on every resource, on some, only under conditions, or not at all. */
  public record Reach(Scope scope, List<String> resources, List<String> evidence) {}

  public enum Scope { ALL_RESOURCES, SOME_RESOURCES, CONDITIONAL, DENIED, NOT_ALLOWED }

  /** Whether the policies allow {@code action} on any resource, and on which. */
  public static Reach reach(List<PolicyDocument> policies, String action) {
    return reach(policies, action, RequestContext.NONE);
  }

  /** {@link #reach(List, String)} with conditions decided for {@code ctx}. */
  public static Reach reach(List<PolicyDocument> policies, String action, RequestContext ctx) {
    Decision onAll = evaluate(policies, action, "*", ctx);
    switch (onAll.verdict()) {
      case ALLOWED -> {
        return new Reach(Scope.ALL_RESOURCES, List.of("*"), onAll.evidence());
      }
      case DENIED -> {
        return new Reach(Scope.DENIED, List.of(), onAll.evidence());
      }
      default -> { }
    }
    List<String> resources = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    boolean unconditional = false;
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        Conditions.Truth holds = condition(s, ctx);
        if (s.allow() && actionMatch(s, action) != null && holds != Conditions.Truth.FALSE) {
          resources.addAll(resourcesOf(s));
          evidence.add(new StatementRef(p.source(), s.sid(), i, true, holds == Conditions.Truth.UNKNOWN, "", List.of()).label());
          unconditional |= holds == Conditions.Truth.TRUE;
        }
      }
    }
    if (evidence.isEmpty()) {
      return new Reach(onAll.verdict() == Verdict.CONDITIONAL ? Scope.CONDITIONAL : Scope.NOT_ALLOWED, List.of(), onAll.evidence());
    }
    return new Reach(unconditional ? Scope.SOME_RESOURCES : Scope.CONDITIONAL, resources, evidence);
  }

  /** Allow statements granting every action of a service ({@code svc:*}) or of all ({@code *}). */
  public static List<String> wildcardGrants(List<PolicyDocument> policies) {
    List<String> out = new ArrayList<>();
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        if (s.allow() && (!s.notActions().isEmpty() || s.actions().stream().anyMatch(a -> a.equals("*") || a.endsWith(":*")))) {
          String what = s.notActions().isEmpty() ? String.join(", ", s.actions()) : "all but " + String.join(", ", s.notActions());
          out.add(new StatementRef(p.source(), s.sid(), i, true, s.conditional(), "", List.of()).label() + ": " + what);
        }
      }
    }
    return out;
  }
}
