package io.periscope.aws.iam.chains;

import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadRoles;
import io.periscope.aws.identity.WorkloadIdentity;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AssumeRole chains of a workload's roles, read from IAM as far as the server can. Audited as
 * {@code aws_iam_read} {@code assume_role_chain}, besides each IAM call.
 */
public final class AssumeRoleChainProbe {
  private final WorkloadRoles roles;
  private final AwsCalls calls;
  private final SensitiveCatalog catalog;
  private final int maxDepth;

  /** @param maxDepth the deepest a request may ask for, and the default ({@code aws.access.assumeRoleChain.maxDepth}) */
  public AssumeRoleChainProbe(WorkloadRoles roles, AwsCalls calls, SensitiveCatalog catalog, int maxDepth) {
    this.roles = roles;
    this.calls = calls;
    this.catalog = catalog;
    this.maxDepth = maxDepth;
  }

  public record Answer(WorkloadIdentity identity, int depth, int maxDepth, List<AssumeRoleChains.Chain> chains) {}

  /** @param depth hops to follow, 1 to the configured bound (default: the bound) */
  public Answer of(Principal who, String requestId, WorkloadRef ref, Optional<String> depth) {
    int d = depth.map(this::depth).orElse(maxDepth);
    return roles.run(who, requestId, ref, "assume_role_chain", Map.of("depth", d), ctx -> new Answer(ctx.identity(), d, maxDepth,
        ctx.identity().roles().stream().map(role -> AssumeRoleChains.explore(new IamRoleDirectory(ctx, calls, RolePolicySet.account(role)),
            catalog, role, d, AssumeRoleChains.DEFAULT_MAX_ROLES)).toList()));
  }

  private int depth(String text) {
    try {
      int d = Integer.parseInt(text.trim());
      if (d >= 1 && d <= maxDepth) {
        return d;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new Problem(ErrorCode.INVALID_INPUT, "depth must be a whole number from 1 to " + maxDepth + " (aws.access.assumeRoleChain.maxDepth)");
  }
}
