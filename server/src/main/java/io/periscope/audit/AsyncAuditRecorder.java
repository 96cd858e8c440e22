package io.periscope.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link AuditRecorder}: request threads put events on a bounded queue; one
 * batcher thread cuts batches (up to {@code maxBatch} events or {@code linger}) and hands each
 * batch, in order, to one writer thread per sink.
 *
 * <p>Full queue: {@code record} waits up to {@code offerTimeout} for space (no disk I/O on the
 * caller's thread). If there is still no space, the event is written to the application log as
 * one ERROR JSON line (logger {@code io.periscope.audit.overflow}) and counted in
 * {@code periscope_audit_dropped_total}: it is never dropped silently. A sink that fails after
 * its retries is counted in {@code periscope_audit_sink_failures_total{sink}} and its events are
 * logged the same way.
 *
 * <p>{@link #flush} waits until every event recorded before the call is written by every sink;
 * {@link #close} stops intake, drains the queue into the sinks and waits for them.
 */
public final class AsyncAuditRecorder implements AuditRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditRecorder.class);

  private sealed interface Item permits Event, Flush, Stop {}

  private record Event(AuditEvent event) implements Item {}

  private record Flush(CompletableFuture<Boolean> done) implements Item {}

  private record Stop() implements Item {}

  private final RecorderSettings settings;
  private final BlockingQueue<Item> intake;
  private final List<SinkWriter> writers;
  private final Map<Outcome, Counter> accepted = new EnumMap<>(Outcome.class);
  private final Counter dropped;
  private final Counter waits;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Thread batcher;
  private boolean closed;

  private AsyncAuditRecorder(List<AuditSink> sinks, RecorderSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.intake = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.writers = sinks.stream().map(s -> new SinkWriter(s, settings, registry)).toList();
    for (Outcome o : Outcome.values()) {
      accepted.put(o, Counter.builder("periscope.audit.events").tag("outcome", o.wireName())
          .description("Audit events accepted by the recorder").register(registry));
    }
    this.dropped = Counter.builder("periscope.audit.dropped")
        .description("Events the queue could not take in time; written to the overflow log instead").register(registry);
    this.waits = Counter.builder("periscope.audit.queue.full")
        .description("Times record() found the queue full and had to wait").register(registry);
    Gauge.builder("periscope.audit.queue.depth", intake, BlockingQueue::size)
        .description("Events waiting for the batcher").register(registry);
    this.batcher = Thread.ofPlatform().name("audit-batcher").daemon(true).unstarted(this::runBatcher);
  }

  /** Starts the batcher and one writer per sink. */
  public static AsyncAuditRecorder start(List<AuditSink> sinks, RecorderSettings settings, MeterRegistry registry) {
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("audit recorder needs at least one sink");
    }
    AsyncAuditRecorder recorder = new AsyncAuditRecorder(List.copyOf(sinks), settings, registry);
    recorder.writers.forEach(SinkWriter::start);
    recorder.batcher.start();
    return recorder;
  }

  @Override
  public void record(AuditEvent event) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        reject("recorder closed", event);
        return;
      }
      Item item = new Event(event);
      if (!intake.offer(item)) {
        waits.increment();
        if (!intake.offer(item, settings.offerTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
          reject("queue full", event);
          return;
        }
      }
      accepted.get(event.outcome()).increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reject("interrupted while queueing", event);
    } catch (RuntimeException e) {
      reject("unexpected " + e, event);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void reject(String why, AuditEvent event) {
    dropped.increment();
    SinkWriter.Overflow.log(why, event);
  }

  /**
   * Waits until every event recorded before this call has been handled by every sink.
   *
   * @return {@code DURABLE} when all sinks wrote all of them
   */
  public FlushOutcome flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    try {
      if (!intake.offer(new Flush(done), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return FlushOutcome.TIMED_OUT;
      }
      boolean ok = done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return ok ? FlushOutcome.DURABLE : FlushOutcome.SINK_FAILED;
    } catch (TimeoutException e) {
      return FlushOutcome.TIMED_OUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FlushOutcome.TIMED_OUT;
    } catch (ExecutionException e) {
      return FlushOutcome.SINK_FAILED;
    }
  }

  /** Stops intake, writes everything queued to every sink, then returns. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    try {
      intake.put(new Stop());
      batcher.join();
      for (SinkWriter w : writers) {
        w.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("interrupted while draining the audit queue; {} events still queued", intake.size());
    }
  }

  private void runBatcher() {
    List<AuditEvent> batch = new ArrayList<>(settings.maxBatch());
    try {
      while (true) {
        Item first = intake.take();
        long lingerUntil = System.nanoTime() + settings.linger().toNanos();
        Item item = first;
        while (item instanceof Event e) {
          batch.add(e.event());
          if (batch.size() >= settings.maxBatch()) {
            break;
          }
          item = intake.poll();
          if (item == null) {
            item = intake.poll(Math.max(0, lingerUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
          }
        }
        handOver(batch);
        batch = new ArrayList<>(settings.maxBatch());
        if (item instanceof Flush f) {
          forwardFlush(f);
        } else if (item instanceof Stop) {
          for (SinkWriter w : writers) {
            w.submit(new SinkWriter.Stop());
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      batch.forEach(ev -> SinkWriter.Overflow.log("batcher interrupted", ev));
    }
  }

  private void handOver(List<AuditEvent> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    List<AuditEvent> frozen = List.copyOf(batch);
    for (SinkWriter w : writers) {
      w.submit(new SinkWriter.Batch(frozen));
    }
  }

  private void forwardFlush(Flush f) throws InterruptedException {
    List<CompletableFuture<Boolean>> parts = new ArrayList<>();
    for (SinkWriter w : writers) {
      CompletableFuture<Boolean> part = new CompletableFuture<>();
      parts.add(part);
      w.submit(new SinkWriter.Barrier(part));
    }
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenRun(() -> f.done().complete(parts.stream().allMatch(CompletableFuture::join)));
  }
}
