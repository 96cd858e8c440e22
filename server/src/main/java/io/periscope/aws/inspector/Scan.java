package io.periscope.aws.inspector;

import java.time.Instant;
import java.util.List;

/**
 * What Inspector says about one image digest or EC2 instance.
 *
 * @param state {@code SCANNED} (the findings are all there are; none is a clean bill),
 *     {@code NOT_SCANNED} (Inspector does not cover it: {@code reason} says why), or
 *     {@code PENDING} (not asked yet)
 * @param platformDigests for a multi-arch image index: the per-platform images Inspector scanned
 */
public record Scan(String resourceId, State state, String reason, List<Finding> findings, SeverityCounts counts, Instant readAt,
    List<String> platformDigests) {

  public enum State { SCANNED, NOT_SCANNED, PENDING }

  public Scan {
    findings = List.copyOf(findings);
    platformDigests = List.copyOf(platformDigests);
  }

  static Scan scanned(String id, List<Finding> findings, Instant at, List<String> platformDigests) {
    return new Scan(id, State.SCANNED, "", findings, SeverityCounts.of(findings), at, platformDigests);
  }

  static Scan notScanned(String id, String reason, Instant at) {
    return new Scan(id, State.NOT_SCANNED, reason, List.of(), SeverityCounts.NONE, at, List.of());
  }

  static Scan pending(String id) {
    return new Scan(id, State.PENDING, "not read from Inspector yet", List.of(), SeverityCounts.NONE, null, List.of());
  }
}
