package io.periscope.aws.iam.resource;

import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.PolicyEngine.Decision;
import io.periscope.aws.iam.PolicyEngine.StatementRef;
import io.periscope.aws.iam.PolicyEngine.Verdict;
import io.periscope.aws.iam.RolePolicySet;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a role may act on a resource that has its own policy, by AWS's rules for combining
 * identity and resource-based policies (an explicit Deny in either wins):
 * <ul>
 *   <li>same account, S3 bucket or secret: the identity policy's Allow OR the resource policy's
 *       Allow naming the role (its ARN or {@code *}) suffices; one naming only the account root
 *       delegates to the identity policies;
 *   <li>same account, KMS key or role trust: the key (trust) policy must allow, either naming the
 *       role itself, or the account root, in which case the identity policies decide;
 *   <li>another account: both must allow, the resource policy naming the role or its account.
 * </ul>
 * Statements with conditions make a side {@code CONDITIONAL} (conditions are not evaluated here).
 * Pure: no AWS calls; both sides' decisions come from {@link PolicyEngine}.
 */
public final class ResourceAccess {
  private ResourceAccess() {}

  /** What kind of resource policy it is: it decides whether the resource policy alone can grant. */
  public enum Kind { S3_BUCKET, KMS_KEY, SECRET, ROLE_TRUST }

  /** The final answer: {@code UNKNOWN} when the resource policy could not be read and could decide. */
  public enum Outcome { ALLOWED, CONDITIONAL, DENIED, NOT_ALLOWED, UNKNOWN }

  /** How the resource policy was read. */
  public enum PolicyState { READ, NO_POLICY, NOT_READABLE }

  /** The resource policy as read: present, absent (no policy is attached) or not readable (and why). */
  public record PolicyRead(PolicyState state, ResourcePolicy policy, String why) {
    public static PolicyRead of(ResourcePolicy policy) {
      return new PolicyRead(PolicyState.READ, policy, "");
    }

    public static PolicyRead none(String why) {
      return new PolicyRead(PolicyState.NO_POLICY, null, why);
    }

    public static PolicyRead notReadable(String why) {
      return new PolicyRead(PolicyState.NOT_READABLE, null, why);
    }
  }

  /**
   * @param principalArn the role acting
   * @param identityPolicies its identity policies
   * @param resourceAccount the account owning the resource
   */
  public record Request(String principalArn, List<PolicyDocument> identityPolicies, String action, String resourceArn,
      String resourceAccount, Kind kind, PolicyRead resourcePolicy) {
    public Request {
      identityPolicies = List.copyOf(identityPolicies);
    }
  }

  /**
   * The resource policy's side: its statements naming the role itself ({@code direct}) and those
   * naming the role's account ({@code viaAccount}), each decided by the engine; both
   * {@code NOT_ALLOWED} when there is no policy or it was not read.
   */
  public record ResourceSide(PolicyState state, String why, Decision direct, Decision viaAccount) {}

  /** The decision, both sides' evidence, and the rule that combined them, in words. */
  public record Answer(Outcome outcome, boolean crossAccount, Decision identity, ResourceSide resource, String rule) {}

  public static Answer decide(Request r) {
    boolean cross = !RolePolicySet.account(r.principalArn()).equals(r.resourceAccount());
    Decision identity = PolicyEngine.evaluate(r.identityPolicies(), r.action(), r.resourceArn());
    PolicyRead read = r.resourcePolicy();
    Decision none = new Decision(Verdict.NOT_ALLOWED, List.of(), false);
    if (read.state() != PolicyState.READ) {
      ResourceSide side = new ResourceSide(read.state(), read.why(), none, none);
      if (identity.verdict() == Verdict.DENIED) {
        return new Answer(Outcome.DENIED, cross, identity, side, "an explicit Deny in the identity policies wins");
      }
      if (read.state() == PolicyState.NOT_READABLE) {
        return cross && level(identity) == 0
            ? new Answer(Outcome.NOT_ALLOWED, true, identity, side, "across accounts the identity policies must allow too, and they do not")
            : new Answer(Outcome.UNKNOWN, cross, identity, side, "the " + noun(r.kind()) + " could not be read, and it could decide: "
                + read.why());
      }
    }
    Decision direct = read.state() == PolicyState.READ ? naming(read.policy(), r, ResourcePolicy.Naming.DIRECTLY) : none;
    Decision viaAccount = read.state() == PolicyState.READ ? naming(read.policy(), r, ResourcePolicy.Naming.VIA_ACCOUNT) : none;
    ResourceSide side = new ResourceSide(read.state(), read.why(), direct, viaAccount);
    if (identity.verdict() == Verdict.DENIED || direct.verdict() == Verdict.DENIED || viaAccount.verdict() == Verdict.DENIED) {
      String where = identity.verdict() == Verdict.DENIED ? "the identity policies" : "the " + noun(r.kind());
      return new Answer(Outcome.DENIED, cross, identity, side, "an explicit Deny in " + where + " wins");
    }
    int id = level(identity);
    int rd = level(direct);
    int ra = level(viaAccount);
    int result;
    String rule;
    if (cross) {
      result = Math.min(id, Math.max(rd, ra));
      rule = "across accounts both the identity policies and the " + noun(r.kind()) + " (naming the role or its account) must allow";
    } else if (r.kind() == Kind.KMS_KEY || r.kind() == Kind.ROLE_TRUST) {
      result = Math.max(rd, Math.min(ra, id));
      rule = "the " + noun(r.kind()) + " must allow: naming the role itself suffices; naming the account root delegates to the identity policies";
    } else {
      result = Math.max(id, rd);
      rule = "in the same account the identity policies' Allow or the " + noun(r.kind()) + "'s Allow naming the role suffices";
    }
    return new Answer(result == 2 ? Outcome.ALLOWED : result == 1 ? Outcome.CONDITIONAL : Outcome.NOT_ALLOWED, cross, identity, side, rule);
  }

  static String noun(Kind kind) {
    return switch (kind) {
      case S3_BUCKET -> "bucket policy";
      case KMS_KEY -> "key policy";
      case SECRET -> "secret's resource policy";
      case ROLE_TRUST -> "trust policy";
    };
  }

  /** 2 allowed, 1 allowed under conditions, 0 not. */
  private static int level(Decision d) {
    return switch (d.verdict()) {
      case ALLOWED -> 2;
      case CONDITIONAL -> 1;
      default -> 0;
    };
  }

  /** The engine's decision over the statements that name the role in that way, with their indices in the whole policy. */
  private static Decision naming(ResourcePolicy policy, Request r, ResourcePolicy.Naming how) {
    PolicyDocument all = policy.document();
    List<PolicyDocument.Statement> kept = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    for (int i = 0; i < all.statements().size(); i++) {
      if (policy.naming(i, r.principalArn()) == how) {
        kept.add(all.statements().get(i));
        index.add(i);
      }
    }
    Decision d = PolicyEngine.evaluate(List.of(new PolicyDocument(all.source(), kept)), r.action(), r.resourceArn());
    List<StatementRef> refs = d.statements().stream().map(s -> new StatementRef(s.policy(), s.sid(), index.get(s.index()), s.allow(),
        s.conditional(), s.matchedBy(), s.resources())).toList();
    return new Decision(d.verdict(), refs, d.wildcard());
  }
}
