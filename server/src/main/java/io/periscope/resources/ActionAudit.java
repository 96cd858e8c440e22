package io.periscope.resources;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Resource actions in the audit's terms: the object's address becomes the row's target. */
final class ActionAudit {
  private final AuditTrail trail;

  ActionAudit(AuditRecorder recorder, Clock clock) {
    this.trail = new AuditTrail(recorder, clock);
  }

  <T> T run(Caller who, Verb verb, ObjectAddress a, Map<String, Object> extra, Supplier<T> action) {
    return runNoting(who, verb, a, extra, notes -> action.get());
  }

  /** As {@link #run}, the action adding to the row's extra what it learnt (what changed, from what). */
  <T> T runNoting(Caller who, Verb verb, ObjectAddress a, Map<String, Object> extra, Function<Map<String, Object>, T> action) {
    String resource = a.kind().group().isEmpty() ? a.kind().plural() : a.kind().plural() + "." + a.kind().group();
    var target = new AuditEvent.Target(a.cluster(), a.namespace(), resource, a.name());
    return trail.runNoting(new AuditTrail.Action(AuditTrail.actor(who.principal()), who.requestId(), verb, target, extra), action);
  }
}
