package io.periscope.aws.inspector;

import java.time.Instant;
import java.util.List;

/**
 * The Security tab of one pod, workload, node or NodeClaim: its images or instance with their
 * scan state, and their findings grouped by package ({@code GET .../security}).
 *
 * @param status the cluster's Inspector state ({@code READY}, {@code PENDING}, {@code LOCKED}, ...)
 * @param message why it is not {@code READY} (a {@code LOCKED} message names the IAM action), or empty
 * @param counts distinct vulnerabilities by severity before the filter
 * @param shown findings left by the filter
 */
public record SecurityView(String cluster, String kind, String namespace, String name, InspectorCache.Status status, String message,
    Instant readAt, List<Resource> resources, SeverityCounts counts, int shown, List<FindingGroups.Group> groups) {

  /** An image or instance of the entity: {@code type} {@code image} or {@code instance}. */
  public record Resource(String type, String id, String image, Scan.State state, String reason, Instant readAt,
      List<String> platformDigests, String owner, String ownerName) {}
}
