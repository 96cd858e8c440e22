package io.periscope.aws.iam;

import java.util.Optional;

/**
 * A role's permission boundary: the managed policy {@code iam:GetRole} names as
 * {@code PermissionsBoundary}, and its default version's document (empty when it could not be read;
 * the reason is among the role's problems).
 *
 * @param arn the boundary policy's ARN; {@code ""} when the role has none
 */
public record PermissionsBoundary(String arn, Optional<PolicyDocument> document) {
  public static final PermissionsBoundary NONE = new PermissionsBoundary("", Optional.empty());

  /** Whether the role has a boundary at all. */
  public boolean present() {
    return !arn.isEmpty();
  }
}
