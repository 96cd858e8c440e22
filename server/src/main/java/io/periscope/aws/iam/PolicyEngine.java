package io.periscope.aws.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what identity policies allow, as IAM's evaluation logic does for one account without
 * boundaries or SCPs: an explicit Deny wins, then an Allow, else the implicit deny. Statements with
 * a {@code Condition} are not evaluated: a match through one makes the answer {@code CONDITIONAL}
 * (an upper bound, said as such). Action names match case-insensitively, resources case-sensitively,
 * both with {@code *} and {@code ?} wildcards.
 */
public final class PolicyEngine {
  private PolicyEngine() {}

  /** The answer and the statements that decided it. */
  public record Decision(Verdict verdict, List<String> evidence) {}

  public enum Verdict { ALLOWED, CONDITIONAL, DENIED, NOT_ALLOWED }

  public static Decision evaluate(List<PolicyDocument> policies, String action, String resource) {
    List<String> denies = new ArrayList<>();
    List<String> conditionalDenies = new ArrayList<>();
    List<String> allows = new ArrayList<>();
    List<String> conditionalAllows = new ArrayList<>();
    for (PolicyDocument p : policies) {
      for (int i = 0; i < p.statements().size(); i++) {
        PolicyDocument.Statement s = p.statements().get(i);
        if (!applies(s, action, resource)) {
          continue;
        }
        String where = p.source() + (s.sid().isEmpty() ? " statement " + i : " " + s.sid());
        (s.allow() ? (s.conditional() ? conditionalAllows : allows) : (s.conditional() ? conditionalDenies : denies)).add(where);
      }
    }
    if (!denies.isEmpty()) {
      return new Decision(Verdict.DENIED, denies);
    }
    if (!allows.isEmpty()) {
      return conditionalDenies.isEmpty() ? new Decision(Verdict.ALLOWED, allows) : new Decision(Verdict.CONDITIONAL, concat(allows, conditionalDenies));
    }
    if (!conditionalAllows.isEmpty()) {
      return new Decision(Verdict.CONDITIONAL, concat(conditionalAllows, conditionalDenies));
    }
    return new Decision(Verdict.NOT_ALLOWED, List.of());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static boolean applies(PolicyDocument.Statement s, String action, String resource) {
    boolean actionMatches = s.notActions().isEmpty()
        ? s.actions().stream().anyMatch(p -> Wildcards.matches(p, action, true))
        : s.notActions().stream().noneMatch(p -> Wildcards.matches(p, action, true));
    if (!actionMatches) {
      return false;
    }
    return s.notResources().isEmpty()
        ? s.resources().stream().anyMatch(p -> Wildcards.matches(p, resource, false))
        : s.notResources().stream().noneMatch(p -> Wildcards.matches(p, resource, false));
  }

  /** How far an action reaches: on every resource, on some, only under conditions, or not at all. */
  public record Reach(Scope scope, List<String> resources, List<String> evidence) {}

  public enum Scope { ALL_RESOURCES, SOME_RESOURCES, CONDITIONAL, DENIED, NOT_ALLOWED }

  /** Whether the policies allow {@code action} on any resource, and on which. */
  public static Reach reach(List<PolicyDocument> policies, String action) {
    Decision onAll = evaluate(policies, action, "*");
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
        boolean actionMatches = s.notActions().isEmpty()
            ? s.actions().stream().anyMatch(a -> Wildcards.matches(a, action, true))
            : s.notActions().stream().noneMatch(a -> Wildcards.matches(a, action, true));
        if (s.allow() && actionMatches) {
          resources.addAll(s.notResources().isEmpty() ? s.resources() : s.notResources().stream().map(r -> "all but " + r).toList());
          evidence.add(p.source() + (s.sid().isEmpty() ? " statement " + i : " " + s.sid()));
          unconditional |= !s.conditional();
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
          out.add(p.source() + (s.sid().isEmpty() ? " statement " + i : " " + s.sid()) + ": " + what);
        }
      }
    }
    return out;
  }
}
