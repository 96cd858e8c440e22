package io.periscope.aws.iam;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The identity policies of many roles of one cluster at once (the reverse lookup, Cluster Access,
 * fix first, attack paths): read through the shared {@link RolePolicyCache} from the IAM of the
 * cluster's partition, each IAM call audited as {@code aws_iam_read} for the person asking. One
 * workload's roles go through {@link WorkloadRoles} instead.
 */
public final class ClusterRolePolicies {
  private final ClusterRegistry clusters;
  private final AwsClients aws;
  private final RolePolicyCache cache;

  public ClusterRolePolicies(ClusterRegistry clusters, AwsClients aws, RolePolicyCache cache) {
    this.clusters = clusters;
    this.aws = aws;
    this.cache = cache;
  }

  /** The roles' policies by ARN, in the order asked; no IAM call (and no client) for no roles. */
  public Map<String, RolePolicySet> of(Principal who, String requestId, AuditEvent.Target target, Collection<String> roleArns) {
    if (roleArns.isEmpty()) {
      return Map.of();
    }
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ, target, Map.of());
    return cache.getAll(aws.iam(WorkloadPermissions.iamRegion(clusters, target.cluster())), roleArns, audit);
  }

  /** Drops the roles from the cache (a refresh); the ARNs that were cached. */
  public List<String> invalidate(Collection<String> roleArns) {
    return cache.invalidate(roleArns);
  }
}
