package io.periscope.aws.iam;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.aws.identity.WorkloadIdentity;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The AWS Access answer for one workload: its identity chain, and for each role it can use, the
 * role's identity policies checked against the sensitive catalog. An upper bound: conditions are
 * not evaluated, and permission boundaries, SCPs and resource policies are not read (said so).
 */
public final class WorkloadPermissions {
  private final ClusterRegistry clusters;
  private final WorkloadIdentities identities;
  private final AwsClients aws;
  private final AwsCalls calls;
  private final RolePolicies policies;

  public WorkloadPermissions(ClusterRegistry clusters, WorkloadIdentities identities, AwsClients aws, AuditTrail trail) {
    this.clusters = clusters;
    this.identities = identities;
    this.aws = aws;
    this.calls = new AwsCalls(trail);
    this.policies = new RolePolicies(calls);
  }

  public record Chip(String action, SensitiveActions.Category category, PolicyEngine.Scope scope, List<String> resources,
      List<String> evidence) {}

  public record RoleAccess(String roleArn, boolean exists, List<String> policies, List<Chip> sensitive, List<String> wildcards,
      List<String> problems) {}

  public record Answer(WorkloadIdentity identity, List<RoleAccess> roles, String bound) {}

  public Answer of(Principal who, String requestId, WorkloadRef ref) {
    WorkloadIdentity identity = identities.of(who, requestId, ref);
    String cluster = ref.cluster();
    String namespace = ref.namespace();
    List<String> roles = identity.roles();
    Region region = clusters.spec(cluster).region().map(Region::of).orElse(Region.US_EAST_1);
    List<RoleAccess> out = new ArrayList<>();
    if (!roles.isEmpty()) {
      IamClient iam = aws.iam(region);
      for (String arn : roles) {
        out.add(role(iam, arn, new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
            new AuditEvent.Target(cluster, namespace, "iamroles", arn), Map.of())));
      }
    }
    return new Answer(identity, out, "upper bound from identity policies: conditions not evaluated; permission boundaries, "
        + "SCPs and resource policies not read");
  }

  private RoleAccess role(IamClient iam, String arn, AuditTrail.Action audit) {
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    List<String> problems = new ArrayList<>();
    try {
      calls.call(audit.with(Map.of("op", "get_role")), "iam:GetRole", () -> iam.getRole(r -> r.roleName(name)));
    } catch (Problem e) {
      if (e.status() == 404) {
        return new RoleAccess(arn, false, List.of(), List.of(), List.of(), List.of("role not found: " + name + " was deleted or renamed"));
      }
      problems.add(e.getMessage());
    }
    List<PolicyDocument> docs;
    try {
      docs = policies.of(iam, name, audit);
    } catch (Problem | IllegalArgumentException e) {
      problems.add(e.getMessage());
      return new RoleAccess(arn, true, List.of(), List.of(), List.of(), problems);
    }
    List<Chip> chips = new ArrayList<>();
    for (SensitiveActions.Entry entry : SensitiveActions.CATALOG) {
      if (entry.category() == SensitiveActions.Category.WILDCARD) {
        continue;
      }
      PolicyEngine.Reach reach = PolicyEngine.reach(docs, entry.action());
      if (reach.scope() != PolicyEngine.Scope.NOT_ALLOWED && reach.scope() != PolicyEngine.Scope.DENIED) {
        chips.add(new Chip(entry.action(), entry.category(), reach.scope(), reach.resources(), reach.evidence()));
      }
    }
    return new RoleAccess(arn, true, docs.stream().map(PolicyDocument::source).toList(), chips, PolicyEngine.wildcardGrants(docs), problems);
  }
}
