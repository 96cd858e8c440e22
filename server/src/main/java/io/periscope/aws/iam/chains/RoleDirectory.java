package io.periscope.aws.iam.chains;

import io.periscope.aws.iam.PolicyDocument;
import java.util.List;
import java.util.Optional;

/** Where the chain explorer reads roles from (IAM in production, a map in engine tests). */
public interface RoleDirectory {
  /**
   * A role as read. {@code exists} false: no such role. {@code trustPolicy} empty with
   * {@code trustNotReadable} saying why when its trust policy could not be read; {@code problems}
   * name the identity-policy reads that failed.
   */
  record Role(String arn, boolean exists, List<PolicyDocument> policies, Optional<String> trustPolicy, String trustNotReadable,
      List<String> problems) {
    public Role {
      policies = List.copyOf(policies);
      problems = List.copyOf(problems);
    }
  }

  /** The account's roles' ARNs, or why they could not be listed. */
  record Listing(List<String> roleArns, Optional<String> notListable) {
    public Listing {
      roleArns = List.copyOf(roleArns);
    }
  }

  Role role(String roleArn);

  Listing roles(String account);
}
