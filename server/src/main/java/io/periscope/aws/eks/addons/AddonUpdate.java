package io.periscope.aws.eks.addons;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of an add-on's update history ({@code DescribeUpdate}).
 *
 * @param status {@code InProgress}, {@code Failed}, {@code Cancelled} or {@code Successful}
 * @param type e.g. {@code AddonUpdate}
 * @param params e.g. {@code AddonVersion} → {@code v1.19.0-eksbuild.1}, {@code ResolveConflicts} → {@code OVERWRITE}
 */
public record AddonUpdate(String id, String status, String type, Instant createdAt, Map<String, String> params, List<Error> errors) {
  /** What went wrong, as {@code errors} of the update names it. */
  public record Error(String code, String message, List<String> resourceIds) {}

  public boolean terminal() {
    return !"InProgress".equals(status);
  }
}
