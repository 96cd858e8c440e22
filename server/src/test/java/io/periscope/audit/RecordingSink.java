package io.periscope.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A sink that keeps what it was given; can be made to fail or to block until released. */
final class RecordingSink implements AuditSink {
  private final String name;
  private final List<List<AuditEvent>> batches = new ArrayList<>();
  private volatile boolean failing;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  final CountDownLatch entered = new CountDownLatch(1);

  RecordingSink(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void write(List<AuditEvent> batch) throws Exception {
    entered.countDown();
    gate.await();
    if (failing) {
      throw new IllegalStateException("disk full");
    }
    synchronized (batches) {
      batches.add(batch);
    }
  }

  void failing(boolean fail) {
    failing = fail;
  }

  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  List<List<AuditEvent>> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  List<String> requestIds() {
    return batches().stream().flatMap(List::stream).map(AuditEvent::requestId).toList();
  }
}
