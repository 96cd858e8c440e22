package io.periscope.testkit;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every recorded event in memory so tests can assert on them. */
public final class RecordingAuditRecorder implements AuditRecorder {
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  public List<AuditEvent> events() {
    return List.copyOf(events);
  }
}
