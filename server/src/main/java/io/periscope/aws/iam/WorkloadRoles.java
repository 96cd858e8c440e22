package io.periscope.aws.iam;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsClients;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.aws.identity.WorkloadIdentity;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.clusters.ClusterRegistry;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * What every question about a workload's roles starts from (its AWS Access, resource policies,
 * AssumeRole chains): the workload's identity resolved as the person (who must be allowed to read
 * it, else nothing is asked of AWS), the IAM client of its cluster's partition, the cached role
 * policies, and one audit row ({@code aws_iam_read} with the question's op) around it all.
 */
public final class WorkloadRoles {
  private final ClusterRegistry clusters;
  private final WorkloadIdentities identities;
  private final AwsClients aws;
  private final AuditTrail trail;
  private final RolePolicyCache cache;

  public WorkloadRoles(ClusterRegistry clusters, WorkloadIdentities identities, AwsClients aws, AuditTrail trail, RolePolicyCache cache) {
    this.clusters = clusters;
    this.identities = identities;
    this.aws = aws;
    this.trail = trail;
    this.cache = cache;
  }

  /**
   * A question's context: the identity, where to read IAM, the audit row each AWS call adds its op
   * to, and {@code notes} the question may add to its rollup row's extra while it runs.
   */
  public record Context(WorkloadIdentity identity, Region region, IamClient iam, RolePolicyCache cache, AwsClients aws,
      AuditTrail.Action audit, Map<String, Object> notes) {}

  /** Runs {@code work} for the workload inside the audited rollup {@code op} (with {@code notes} in its extra). */
  public <T> T run(Principal who, String requestId, WorkloadRef ref, String op, Map<String, Object> notes, Function<Context, T> work) {
    var target = new AuditEvent.Target(ref.cluster(), ref.namespace(), ref.kind().plural(), ref.name());
    var rollup = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ, target, Map.of("op", op)).with(notes);
    return trail.runNoting(rollup, added -> {
      WorkloadIdentity identity = identities.of(who, requestId, ref);
      Region region = WorkloadPermissions.iamRegion(clusters, ref.cluster());
      var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ, target, Map.of());
      return work.apply(new Context(identity, region, aws.iam(region), cache, aws, audit, added));
    });
  }
}
