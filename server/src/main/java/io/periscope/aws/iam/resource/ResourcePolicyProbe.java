package io.periscope.aws.iam.resource;

import io.periscope.authz.Principal;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.SensitiveActions;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadRoles;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * For a workload's roles and one named bucket, key or secret: may each role perform the sensitive
 * actions of that service on it (the catalog's, or one action asked for), with the identity
 * policies' and the resource policy's statements that decided it. Audited as {@code aws_iam_read}
 * {@code resource_policy}, besides each AWS read.
 */
public final class ResourcePolicyProbe {
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  private final WorkloadRoles roles;
  private final ResourcePolicyReader reader;
  private final SensitiveCatalog catalog;

  public ResourcePolicyProbe(WorkloadRoles roles, ResourcePolicyReader reader, SensitiveCatalog catalog) {
    this.roles = roles;
    this.reader = reader;
    this.catalog = catalog;
  }

  /**
   * @param action one action to decide instead of the catalog's for the resource's service
   * @param resourceAccount the bucket owner's account (S3 ARNs name none; default: each role's own)
   */
  public record Query(String resource, Optional<String> action, Optional<String> resourceAccount) {}

  /** One action on the resource ({@code on}: the ARN it was decided on, e.g. a bucket's objects {@code bucket/*}). */
  public record ActionDecision(String action, String on, ResourceAccess.Answer answer) {}

  public record RoleDecisions(String roleArn, String resourceAccount, List<ActionDecision> actions, List<String> problems) {}

  /**
   * @param policyState {@code READ}, {@code NO_POLICY} or {@code NOT_READABLE}, with {@code policyNote} saying why
   * @param accountNote how the resource's account was found
   */
  public record Answer(String resource, ResourceAccess.Kind kind, String policyHolder, ResourceAccess.PolicyState policyState, String policyNote,
      String accountNote, List<RoleDecisions> roles) {}

  public Answer probe(Principal who, String requestId, WorkloadRef ref, Query q) {
    NamedResource resource = NamedResource.parse(q.resource());
    List<String> actions = actions(resource, q.action());
    q.resourceAccount().filter(a -> !ACCOUNT.matcher(a).matches()).ifPresent(a -> {
      throw new Problem(ErrorCode.INVALID_INPUT, "resourceAccount must be a 12-digit AWS account id");
    });
    if (q.resourceAccount().isPresent() && resource.account().isPresent() && !q.resourceAccount().equals(resource.account())) {
      throw new Problem(ErrorCode.INVALID_INPUT, "resourceAccount contradicts the account in the ARN (" + resource.account().get() + ")");
    }
    return roles.run(who, requestId, ref, "resource_policy", Map.of("resource", resource.arn()), ctx -> {
      ResourceAccess.PolicyRead read = reader.read(resource, ctx.region(), ctx.audit());
      List<RoleDecisions> out = new ArrayList<>();
      for (String roleArn : ctx.identity().roles()) {
        RolePolicySet set = ctx.cache().get(ctx.iam(), roleArn, ctx.audit());
        String account = resource.account().or(q::resourceAccount).orElse(RolePolicySet.account(roleArn));
        List<ActionDecision> decisions = new ArrayList<>();
        for (String action : actions) {
          String on = resource.resourceFor(action);
          decisions.add(new ActionDecision(action, on, ResourceAccess.decide(new ResourceAccess.Request(roleArn, set.documents(), action, on,
              account, resource.kind(), read))));
        }
        out.add(new RoleDecisions(roleArn, account, decisions, set.problems()));
      }
      String accountNote = resource.account().isPresent() ? "from the ARN"
          : q.resourceAccount().isPresent() ? "as given" : "S3 ARNs name no account: the bucket is taken to be in the role's own account";
      return new Answer(resource.arn(), resource.kind(), resource.policyHolder(), read.state(), read.why(), accountNote, out);
    });
  }

  /** The asked action (of the resource's service), else every catalog action of that service. */
  private List<String> actions(NamedResource resource, Optional<String> asked) {
    if (asked.isPresent()) {
      String a = asked.get().trim();
      if (!ACTION.matcher(a).matches()) {
        throw new Problem(ErrorCode.INVALID_INPUT, "action must be one IAM action, service:Action (no wildcards)");
      }
      if (!a.toLowerCase(java.util.Locale.ROOT).startsWith(resource.service() + ":")) {
        throw new Problem(ErrorCode.INVALID_INPUT, "action " + a + " is not an action of " + resource.service() + ", the resource's service");
      }
      return List.of(a);
    }
    Set<String> out = new LinkedHashSet<>();
    for (SensitiveActions.Entry e : catalog.entries()) {
      e.covers().stream().filter(a -> a.startsWith(resource.service() + ":")).forEach(out::add);
    }
    if (out.isEmpty()) {
      throw new Problem(ErrorCode.INVALID_INPUT, "the sensitive catalog has no " + resource.service() + " action: name one with action=");
    }
    return List.copyOf(out);
  }
}
