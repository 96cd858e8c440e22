package io.periscope.karpenter;

import java.util.List;

/**
 * What {@code GET /api/clusters/{cluster}/karpenter} answers. {@code served} is false (and every
 * list empty) on a cluster without {@code karpenter.sh/v1}. A part the person may not read (or
 * that failed) is reported in {@code problems} and leaves the other parts standing:
 * {@code pendingAvailable} false when pods or events could not be read.
 */
public record KarpenterOverview(boolean served, List<NodePoolSummary> nodePools, List<NodeClaimSummary> unpooledClaims,
    List<PendingPod> pendingPods, boolean pendingAvailable, Metrics metrics, List<String> problems) {

  /**
   * The controller metrics scrape: where from, and why not when not {@code available}.
   * {@code priceSource} names where the dollar figures come from.
   */
  public record Metrics(boolean available, String source, String reason, String priceSource, List<String> problems) {}

  static KarpenterOverview notServed() {
    return new KarpenterOverview(false, List.of(), List.of(), List.of(), false,
        new Metrics(false, null, "karpenter.sh/v1 is not served by this cluster", null, List.of()), List.of());
  }
}
