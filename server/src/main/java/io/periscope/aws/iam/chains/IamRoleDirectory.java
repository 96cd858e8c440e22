package io.periscope.aws.iam.chains;

import io.periscope.aws.AwsCalls;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.WorkloadRoles;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Roles read from IAM with the server's credentials: policies and trust through the role policy
 * cache ({@code iam:GetRole} and the policy reads), role lists with {@code iam:ListRoles} (audited
 * as {@code aws_iam_read} {@code list_roles}). IAM answers for the server's own account only and
 * names roles without their account, so a role of any other account than {@code homeAccount} is
 * not read at all (rather than mistaken for a same-named role here): its trust is "not readable".
 */
final class IamRoleDirectory implements RoleDirectory {
  private final WorkloadRoles.Context ctx;
  private final AwsCalls calls;
  private final String homeAccount;

  IamRoleDirectory(WorkloadRoles.Context ctx, AwsCalls calls, String homeAccount) {
    this.ctx = ctx;
    this.calls = calls;
    this.homeAccount = homeAccount;
  }

  @Override
  public Role role(String roleArn) {
    String account = RolePolicySet.account(roleArn);
    if (!account.equals(homeAccount)) {
      return new Role(roleArn, true, List.of(), Optional.empty(), "the role is in account " + account + "; the server reads IAM of account "
          + homeAccount + " only", List.of("identity policies not readable: the role is in another account"));
    }
    RolePolicySet set = ctx.cache().get(ctx.iam(), roleArn, ctx.audit());
    if (set.existence() == RolePolicySet.Existence.NOT_FOUND) {
      return new Role(roleArn, false, List.of(), Optional.empty(), "", set.problems());
    }
    String why = set.problems().stream().filter(p -> p.contains("iam:GetRole")).findFirst().orElse("iam:GetRole returned no trust policy");
    return new Role(roleArn, true, set.documents(), set.trustPolicy().isBlank() ? Optional.empty() : Optional.of(set.trustPolicy()), why,
        set.problems());
  }

  @Override
  public Listing roles(String account) {
    if (!account.equals(homeAccount)) {
      return new Listing(List.of(), Optional.of("the server lists the roles of account " + homeAccount + " only"));
    }
    try {
      return new Listing(calls.call(ctx.audit().with(Map.of("op", "list_roles", "account", account)), "iam:ListRoles",
          () -> ctx.iam().listRolesPaginator().roles().stream().map(software.amazon.awssdk.services.iam.model.Role::arn).toList()), Optional.empty());
    } catch (Problem p) {
      if (p.status() == 403) {
        return new Listing(List.of(), Optional.of(p.getMessage()));
      }
      throw p;
    }
  }
}
