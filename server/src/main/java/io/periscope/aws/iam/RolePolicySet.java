package io.periscope.aws.iam;

import java.time.Instant;
import java.util.List;

/**
 * A role's identity policies as read from IAM, and when.
 *
 * @param existence whether {@code iam:GetRole} found the role ({@code UNVERIFIED} when the server
 *     may not ask: "verification denied" is then not the same as "role not found")
 * @param problems the reads that failed, each naming its IAM action; the documents read are still here
 * @param fetchedAt when the oldest of the documents was read from IAM
 * @param trustPolicy the role's trust policy (who may assume it) as JSON, from {@code iam:GetRole}; {@code ""} when unknown
 */
public record RolePolicySet(String roleArn, Existence existence, List<PolicyDocument> documents, List<String> problems, Instant fetchedAt,
    String trustPolicy) {
  public enum Existence { EXISTS, NOT_FOUND, UNVERIFIED }

  public RolePolicySet {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }

  /** The managed policies' ARNs among the documents (inline ones are named {@code inline:<name>}). */
  public List<String> managedPolicyArns() {
    return documents.stream().map(PolicyDocument::source).filter(s -> !s.startsWith(RolePolicies.INLINE)).toList();
  }

  /** The role's name: the ARN's last path segment. */
  public static String roleName(String roleArn) {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }

  /** The account id of an IAM ARN ({@code arn:aws:iam::123456789012:role/x}), or {@code ""}. */
  public static String account(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length == 6 ? parts[4] : "";
  }
}
