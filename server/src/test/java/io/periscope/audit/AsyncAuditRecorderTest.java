package io.periscope.audit;

import static io.periscope.audit.AuditEvents.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncAuditRecorderTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private AsyncAuditRecorder recorder;

  @AfterEach
  void close() {
    if (recorder != null) {
      recorder.close();
    }
  }

  private AsyncAuditRecorder start(RecorderSettings settings, AuditSink... sinks) {
    recorder = AsyncAuditRecorder.start(List.of(sinks), settings, registry);
    return recorder;
  }

  private static RecorderSettings settings(int capacity, int maxBatch, Duration offerTimeout) {
    return new RecorderSettings(capacity, maxBatch, Duration.ofMillis(50), offerTimeout, 4, 2, Duration.ofMillis(1));
  }

  @Test
  void everySinkGetsEveryEventInOrderAndFlushAcknowledges() {
    RecordingSink a = new RecordingSink("a");
    RecordingSink b = new RecordingSink("b");
    start(RecorderSettings.DEFAULTS, a, b);

    IntStream.range(0, 1_000).forEach(i -> recorder.record(simple("r" + i, "alice")));

    assertThat(recorder.flush(WAIT)).isEqualTo(FlushOutcome.DURABLE);
    List<String> expected = IntStream.range(0, 1_000).mapToObj(i -> "r" + i).toList();
    assertThat(a.requestIds()).isEqualTo(expected);
    assertThat(b.requestIds()).isEqualTo(expected);
    // A sink that fell behind group-commits waiting batches, up to maxBatch * sinkQueueBatches events.
    int cap = RecorderSettings.DEFAULTS.maxBatch() * RecorderSettings.DEFAULTS.sinkQueueBatches();
    assertThat(a.batches()).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(cap));
    assertThat(registry.get("periscope.audit.events").tag("outcome", "success").counter().count()).isEqualTo(1_000);
  }

  @Test
  void aFailingSinkIsCountedAndDoesNotStopTheOthers() {
    RecordingSink broken = new RecordingSink("broken");
    RecordingSink healthy = new RecordingSink("healthy");
    broken.failing(true);
    start(settings(100, 10, Duration.ofMillis(100)), broken, healthy);

    recorder.record(simple("r1", "alice"));

    assertThat(recorder.flush(WAIT)).isEqualTo(FlushOutcome.SINK_FAILED);
    assertThat(healthy.requestIds()).containsExactly("r1");
    assertThat(registry.get("periscope.audit.sink.failures").tag("sink", "broken").counter().count()).isEqualTo(1);
    assertThat(registry.get("periscope.audit.sink.failures").tag("sink", "healthy").counter().count()).isZero();

    broken.failing(false);
    recorder.record(simple("r2", "alice"));
    assertThat(recorder.flush(WAIT)).isEqualTo(FlushOutcome.DURABLE);
    assertThat(broken.requestIds()).containsExactly("r2");
  }

  @Test
  void aFullQueueWaitsBrieflyThenCountsTheEventAsDroppedInsteadOfBlocking() throws Exception {
    RecordingSink slow = new RecordingSink("slow");
    slow.hold();
    start(settings(2, 1, Duration.ofMillis(20)), slow);
    recorder.record(simple("first", "alice"));
    assertThat(slow.entered.await(30, TimeUnit.SECONDS)).isTrue();

    // sink blocked on "first"; its queue (4 batches of 1) and the intake queue (2) fill up
    IntStream.range(0, 20).forEach(i -> recorder.record(simple("r" + i, "alice")));

    double dropped = registry.get("periscope.audit.dropped").counter().count();
    assertThat(dropped).isGreaterThanOrEqualTo(20 - 2 - 4 - 1);
    assertThat(registry.get("periscope.audit.queue.full").counter().count()).isPositive();
    assertThat(registry.get("periscope.audit.queue.depth").gauge().value()).isBetween(0.0, 2.0);
    slow.release();
    assertThat(recorder.flush(WAIT)).isEqualTo(FlushOutcome.DURABLE);
    assertThat(slow.requestIds()).hasSize(21 - (int) dropped);
  }

  @Test
  void closeDrainsTheQueueIntoTheSinks() {
    RecordingSink sink = new RecordingSink("s");
    sink.hold();
    start(settings(10_000, 100, Duration.ofSeconds(1)), sink);
    IntStream.range(0, 5_000).forEach(i -> recorder.record(simple("r" + i, "alice")));
    sink.release();

    recorder.close();

    assertThat(sink.requestIds()).hasSize(5_000);
    recorder.record(simple("after-close", "alice"));
    assertThat(registry.get("periscope.audit.dropped").counter().count()).isEqualTo(1);
  }

  @Test
  void flushWithNothingRecordedIsImmediatelyDurable() {
    start(RecorderSettings.DEFAULTS, new RecordingSink("s"));

    assertThat(recorder.flush(WAIT)).isEqualTo(FlushOutcome.DURABLE);
  }

  @Test
  void flushTimesOutWhileASinkIsStuck() throws Exception {
    RecordingSink stuck = new RecordingSink("stuck");
    stuck.hold();
    start(RecorderSettings.DEFAULTS, stuck);
    recorder.record(simple("r1", "alice"));
    assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(recorder.flush(Duration.ofMillis(50))).isEqualTo(FlushOutcome.TIMED_OUT);
    stuck.release();
  }
}
