package io.periscope.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single writer thread of one sink: takes batches in order, retries, never loses one silently. */
final class SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SinkWriter.class);

  /** What the batcher hands a sink writer, in order. */
  sealed interface Item permits Batch, Barrier, Stop {}

  record Batch(List<AuditEvent> events) implements Item {}

  record Barrier(CompletableFuture<Boolean> done) implements Item {}

  record Stop() implements Item {}

  private final AuditSink sink;
  private final RecorderSettings settings;
  private final BlockingQueue<Item> queue;
  private final Counter failures;
  private final Counter written;
  private final Thread thread;
  private boolean failedSinceBarrier;

  SinkWriter(AuditSink sink, RecorderSettings settings, MeterRegistry registry) {
    this.sink = sink;
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.sinkQueueBatches());
    this.failures = Counter.builder("periscope.audit.sink.failures").tag("sink", sink.name())
        .description("Batches a sink could not write after all attempts (events went to the overflow log)")
        .register(registry);
    this.written = Counter.builder("periscope.audit.sink.written").tag("sink", sink.name())
        .description("Events written by a sink").register(registry);
    this.thread = Thread.ofPlatform().name("audit-sink-" + sink.name()).daemon(true).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Blocks while this sink is {@code sinkQueueBatches} behind: backpressure, not loss. */
  void submit(Item item) throws InterruptedException {
    queue.put(item);
  }

  void join() throws InterruptedException {
    thread.join();
  }

  private void run() {
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      switch (item) {
        case Batch b -> writeWithRetry(coalesce(b));
        case Barrier b -> {
          b.done().complete(!failedSinceBarrier);
          failedSinceBarrier = false;
        }
        case Stop s -> {
          return;
        }
      }
    }
  }

  /**
   * Group commit: when the sink has fallen behind, merge the batches already waiting (up to
   * {@code maxBatch * sinkQueueBatches} events, never past a barrier) into one write, so a slow
   * fsync is paid once for all of them.
   */
  private List<AuditEvent> coalesce(Batch first) {
    if (!(queue.peek() instanceof Batch)) {
      return first.events();
    }
    List<AuditEvent> merged = new java.util.ArrayList<>(first.events());
    int cap = settings.maxBatch() * settings.sinkQueueBatches();
    while (queue.peek() instanceof Batch next && merged.size() + next.events().size() <= cap) {
      queue.poll();
      merged.addAll(next.events());
    }
    return merged;
  }

  private void writeWithRetry(List<AuditEvent> events) {
    long backoff = settings.retryBackoff().toMillis();
    for (int attempt = 1; attempt <= settings.sinkAttempts(); attempt++) {
      try {
        sink.write(events);
        written.increment(events.size());
        return;
      } catch (Exception e) {
        LOG.warn("audit sink {}: writing {} events failed (attempt {}/{}): {}",
            sink.name(), events.size(), attempt, settings.sinkAttempts(), e.toString());
        if (attempt < settings.sinkAttempts() && !pause(backoff)) {
          break;
        }
        backoff *= 2;
      }
    }
    failures.increment();
    failedSinceBarrier = true;
    for (AuditEvent e : events) {
      Overflow.log("sink " + sink.name() + " failed", e);
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Last resort for events no sink took: the application log, one JSON line each, at ERROR. */
  static final class Overflow {
    private static final Logger OVERFLOW = LoggerFactory.getLogger("io.periscope.audit.overflow");

    private Overflow() {}

    static void log(String why, AuditEvent e) {
      OVERFLOW.error("audit event not persisted ({}): {}", why, AuditJson.line(OptionalLong.empty(), e));
    }
  }
}
