package io.periscope.karpenter;

import java.time.Instant;
import java.util.List;

/**
 * A pod the scheduler could not place for longer than the grace period, with Karpenter's verdict
 * per NodePool from its latest {@code FailedScheduling} event (empty when Karpenter said nothing
 * yet; a verdict naming no pool has a null {@code nodePool}), and the default scheduler's own message.
 */
public record PendingPod(String namespace, String name, Instant unschedulableSince, String schedulerMessage,
    List<SchedulingFailure.PoolVerdict> verdicts, String karpenterMessage, Instant karpenterSaidAt) {}
