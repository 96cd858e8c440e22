package io.periscope.aws.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What a role may do once every layer IAM evaluates for a same-account identity-based request is
 * applied, in the order of the IAM User Guide's "Policy evaluation logic" flow: an explicit Deny in
 * any layer wins; then every SCP level (root, each OU, the account) must allow; then the identity
 * policies; then the permission boundary. The result is the intersection identity ∩ boundary ∩
 * SCPs. Session policies do not apply (pods' credentials carry none). Each layer is decided by
 * {@link PolicyEngine} with the same {@link RequestContext}. Pure: no AWS calls.
 */
public final class EffectiveAccess {
  private EffectiveAccess() {}

  /** Session policies are passed only to {@code AssumeRole*}/{@code GetFederationToken} calls; IRSA and Pod Identity pass none. */
  public static final String SESSION_POLICIES = "not applicable: IRSA and EKS Pod Identity credentials carry no session policy";

  /** Which layer decided: an explicit Deny (in any layer), an SCP level, the identity policies or the boundary. */
  public enum Layer { EXPLICIT_DENY, SCP, IDENTITY, BOUNDARY }

  /** The policies of one role: identity, its boundary (perhaps none) and the SCPs over its account. */
  public record Layers(List<PolicyDocument> identity, PermissionsBoundary boundary, ScpChain scps) {
    public Layers {
      identity = List.copyOf(identity);
    }
  }

  /**
   * @param decidedBy the deciding layer in words ({@code SCP at OU Sandbox (ou-..)}, {@code identity policies})
   * @param evidence the deciding statements ({@link PolicyEngine.StatementRef#label()})
   * @param missing what would decide a {@code CONDITIONAL} answer (keys not stated)
   * @param notConsidered layers that apply but could not be read (e.g. "SCPs not readable: ...")
   */
  public record Effective(PolicyEngine.Verdict verdict, Layer layer, String decidedBy, List<String> evidence, List<String> missing,
      List<String> notConsidered) {
    public Effective {
      evidence = List.copyOf(evidence);
      missing = List.copyOf(missing);
      notConsidered = List.copyOf(notConsidered);
    }
  }

  private record Step(Layer layer, String label, List<PolicyDocument> policies) {}

  /** The effective decision for {@code action} on {@code resource} (empty: on any resource). */
  public static Effective decide(Layers layers, String action, Optional<String> resource, RequestContext ctx) {
    List<Step> steps = new ArrayList<>();
    List<String> notConsidered = new ArrayList<>();
    switch (layers.scps().state()) {
      case READ -> layers.scps().levels().forEach(l -> steps.add(new Step(Layer.SCP, "SCP at " + l.label(), l.policies())));
      case NOT_READABLE -> notConsidered.add("SCPs not readable: " + layers.scps().reason());
      case NOT_APPLICABLE -> { }
    }
    steps.add(new Step(Layer.IDENTITY, "identity policies", layers.identity()));
    if (layers.boundary().present()) {
      layers.boundary().document().ifPresentOrElse(
          d -> steps.add(new Step(Layer.BOUNDARY, "permission boundary " + layers.boundary().arn(), List.of(d))),
          () -> notConsidered.add("permission boundary " + layers.boundary().arn() + " not readable"));
    }
    List<PolicyEngine.Decision> decisions = steps.stream().map(s -> PolicyEngine.evaluate(s.policies(), action, resource, ctx)).toList();
    for (int i = 0; i < steps.size(); i++) {
      if (decisions.get(i).verdict() == PolicyEngine.Verdict.DENIED) {
        return new Effective(PolicyEngine.Verdict.DENIED, Layer.EXPLICIT_DENY, "explicit deny in " + steps.get(i).label(),
            decisions.get(i).evidence(), List.of(), notConsidered);
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      if (decisions.get(i).verdict() == PolicyEngine.Verdict.NOT_ALLOWED) {
        String why = steps.get(i).layer() == Layer.IDENTITY ? "no identity policy allows it" : steps.get(i).label() + " does not allow it";
        return new Effective(PolicyEngine.Verdict.NOT_ALLOWED, steps.get(i).layer(), why, List.of(), List.of(), notConsidered);
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      if (decisions.get(i).verdict() == PolicyEngine.Verdict.CONDITIONAL) {
        return new Effective(PolicyEngine.Verdict.CONDITIONAL, steps.get(i).layer(), "conditions in " + steps.get(i).label(),
            decisions.get(i).evidence(), missing(steps.get(i).policies(), action, ctx), notConsidered);
      }
    }
    int identity = steps.indexOf(steps.stream().filter(s -> s.layer() == Layer.IDENTITY).findFirst().orElseThrow());
    List<String> others = new ArrayList<>();
    if (steps.stream().anyMatch(s -> s.layer() == Layer.BOUNDARY)) {
      others.add("the permission boundary");
    }
    long scpLevels = steps.stream().filter(s -> s.layer() == Layer.SCP).count();
    if (scpLevels > 0) {
      others.add("the SCPs at all " + scpLevels + " levels");
    }
    return new Effective(PolicyEngine.Verdict.ALLOWED, Layer.IDENTITY,
        "identity policies" + (others.isEmpty() ? "" : "; also allowed by " + String.join(" and ", others)),
        decisions.get(identity).evidence(), List.of(), notConsidered);
  }

  /** The keys (and operators) the matching conditional statements could not decide. */
  private static List<String> missing(List<PolicyDocument> policies, String action, RequestContext ctx) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (PolicyDocument p : policies) {
      for (PolicyDocument.Statement s : p.statements()) {
        if (s.conditional() && PolicyEngine.actionMatch(s, action) != null) {
          if (ctx == RequestContext.NONE) {
            out.add("no request context stated");
          } else {
            out.addAll(Conditions.evaluate(s.condition(), ctx).unknown());
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
