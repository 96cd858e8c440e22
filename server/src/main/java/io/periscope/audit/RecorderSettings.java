package io.periscope.audit;

import java.time.Duration;

/**
 * Tuning of {@link AsyncAuditRecorder}.
 *
 * @param queueCapacity events the intake queue holds before {@code record} has to wait
 * @param maxBatch most events handed to a sink in one write
 * @param linger how long the batcher waits for more events after the first one of a batch
 * @param offerTimeout how long {@code record} may wait for queue space before giving the event
 *     to the overflow log (it never does disk I/O itself)
 * @param sinkQueueBatches batches waiting per sink before the batcher waits for that sink
 * @param sinkAttempts attempts per batch before a sink failure is counted and the batch logged
 * @param retryBackoff pause between attempts (doubles each time)
 */
public record RecorderSettings(
    int queueCapacity, int maxBatch, Duration linger, Duration offerTimeout, int sinkQueueBatches,
    int sinkAttempts, Duration retryBackoff) {

  public static final RecorderSettings DEFAULTS =
      new RecorderSettings(65_536, 500, Duration.ofMillis(50), Duration.ofMillis(250), 32, 3, Duration.ofMillis(100));

  public RecorderSettings {
    if (queueCapacity < 1 || maxBatch < 1 || sinkQueueBatches < 1 || sinkAttempts < 1) {
      throw new IllegalArgumentException("audit recorder sizes must be positive");
    }
  }
}
