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
 * @param boundary the role's permission boundary ({@link PermissionsBoundary#NONE} when it has none or GetRole was refused)
 */
public record RolePolicySet(String roleArn, Existence existence, List<PolicyDocument> documents, List<String> problems, Instant fetchedAt,
    String trustPolicy, PermissionsBoundary boundary) {
  public enum Existence { EXISTS, NOT_FOUND, UNVERIFIED }

  public RolePolicySet {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }

  /** A set without a permission boundary. */
  public RolePolicySet(String roleArn, Existence existence, List<PolicyDocument> documents, List<String> problems, Instant fetchedAt,
      String trustPolicy) {
    this(roleArn, existence, documents, problems, fetchedAt, trustPolicy, PermissionsBoundary.NONE);
  }

  /** The managed policies' ARNs among the documents (inline ones are named {@code inline:<name>}), and the boundary's. */
  public List<String> managedPolicyArns() {
    var out = new java.util.ArrayList<>(documents.stream().map(PolicyDocument::source).filter(s -> !s.startsWith(RolePolicies.INLINE)).toList());
    if (boundary.present()) {
      out.add(boundary.arn());
    }
    return List.copyOf(out);
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
