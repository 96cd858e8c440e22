package io.periscope.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test events with readable defaults. */
public final class AuditEvents {
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  private AuditEvents() {}

  public static AuditEvent event(String requestId, String sub, Verb verb, String cluster, String namespace,
      String resource, String name, Outcome outcome, String reason, Instant time) {
    return new AuditEvent(time, requestId, new AuditEvent.Actor(sub, sub + "@corp.example", List.of("team-" + sub)),
        verb, new AuditEvent.Target(cluster, namespace, resource, name), outcome, reason, Map.of("n", requestId.length()));
  }

  public static AuditEvent simple(String requestId, String sub) {
    return event(requestId, sub, Verb.DELETE, "prod", "default", "pods", "web-1", Outcome.SUCCESS, "", T0);
  }
}
