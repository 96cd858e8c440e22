package io.periscope.resources;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.authz.NoIdentityException;
import io.periscope.http.ApiException;
import io.periscope.http.KubernetesErrors;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs an action and records exactly one audit row for it: success, denied (an apiserver 403 or
 * no identity) with the apiserver's reason, or failure with the reason. The exception still
 * reaches the caller.
 */
final class ActionAudit {
  private final AuditRecorder recorder;
  private final Clock clock;

  ActionAudit(AuditRecorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  <T> T run(Caller who, Verb verb, ObjectAddress a, Map<String, Object> extra, Supplier<T> action) {
    try {
      T result = action.get();
      record(who, verb, a, Outcome.SUCCESS, "", extra);
      return result;
    } catch (KubernetesClientException e) {
      record(who, verb, a, e.getCode() == 403 ? Outcome.DENIED : Outcome.FAILURE, KubernetesErrors.message(e), extra);
      throw e;
    } catch (NoIdentityException e) {
      record(who, verb, a, Outcome.DENIED, e.getMessage(), extra);
      throw e;
    } catch (ApiException e) {
      record(who, verb, a, e.status() == 403 ? Outcome.DENIED : Outcome.FAILURE, e.getMessage(), extra);
      throw e;
    }
  }

  private void record(Caller who, Verb verb, ObjectAddress a, Outcome outcome, String reason, Map<String, Object> extra) {
    var p = who.principal();
    String resource = a.kind().group().isEmpty() ? a.kind().plural() : a.kind().plural() + "." + a.kind().group();
    recorder.record(new AuditEvent(clock.instant(), who.requestId(), new AuditEvent.Actor(p.subject(), p.email(), p.groups()),
        verb, new AuditEvent.Target(a.cluster(), a.namespace(), resource, a.name()), outcome, reason, extra));
  }
}
