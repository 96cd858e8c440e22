package io.periscope.audit;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How every feature runs an audited action: exactly one row per action, attributed to the
 * person, with one mapping from what happened to an outcome — success; denied for an apiserver
 * (or AWS) refusal and for a person without an identity; failure otherwise. Input refused as
 * malformed before anything was attempted (a 400) leaves no row. The exception still reaches the
 * caller.
 */
public final class AuditTrail {
  private final AuditRecorder recorder;
  private final Clock clock;

  public AuditTrail(AuditRecorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  /** What an audited action is about: who, under which request, which verb on which target, with what details. */
  public record Action(AuditEvent.Actor actor, String requestId, Verb verb, AuditEvent.Target target, Map<String, Object> extra) {
    public Action {
      extra = extra == null ? Map.of() : extra;
    }

    /** The same action with more details (e.g. learnt while it ran). */
    public Action with(Map<String, Object> more) {
      var all = new java.util.LinkedHashMap<>(extra);
      all.putAll(more);
      return new Action(actor, requestId, verb, target, all);
    }

    /**
     * The same action on another kind of object in the same cluster, outside any namespace: a
     * page's read of IAM names the role or policy each call read, not the page.
     */
    public Action on(String resource, String name) {
      return new Action(actor, requestId, verb, new AuditEvent.Target(target.cluster(), "", resource, name), extra);
    }

    /** The same action on one named object of its target's kind (the audit table shows the name). */
    public Action naming(String name) {
      return new Action(actor, requestId, verb, new AuditEvent.Target(target.cluster(), target.namespace(), target.resource(), name), extra);
    }
  }

  /** The row's actor for a signed-in person: subject, email and IdP groups (never the impersonated ones). */
  public static AuditEvent.Actor actor(Principal p) {
    return new AuditEvent.Actor(p.subject(), p.email(), p.groups());
  }

  /** Runs {@code body} and records its outcome; what it throws is recorded, then rethrown. */
  public <T> T run(Action action, Supplier<T> body) {
    return runNoting(action, notes -> body.get());
  }

  /**
   * As {@link #run(Action, Supplier)}, where the body puts details it learns while running (the
   * container it chose, say) into the map it is given; they join the row, also when it fails.
   */
  public <T> T runNoting(Action action, java.util.function.Function<Map<String, Object>, T> body) {
    Map<String, Object> notes = new java.util.LinkedHashMap<>();
    T result;
    try {
      result = body.apply(notes);
    } catch (RuntimeException e) {
      // A 400 is input refused before anything was attempted: no action took place, so no row.
      if (!(e instanceof Problem p) || p.status() != 400) {
        record(action.with(notes), outcomeOf(e), reasonOf(e));
      }
      throw e;
    }
    record(action.with(notes), Outcome.SUCCESS, "");
    return result;
  }

  /** As {@link #run(Action, Supplier)} for an action with no result. */
  public void run(Action action, Runnable body) {
    run(action, () -> {
      body.run();
      return null;
    });
  }

  /** Records an action whose outcome the feature decided itself (e.g. a shell that ended). */
  public void record(Action action, Outcome outcome, String reason) {
    recorder.record(new AuditEvent(clock.instant(), action.requestId(), action.actor(), action.verb(), action.target(),
        outcome, reason, action.extra()));
  }

  /** The one outcome mapping: refusals are {@code denied}, everything else that went wrong {@code failure}. */
  public static Outcome outcomeOf(Throwable e) {
    if (e instanceof Problem p) {
      return outcomeOfStatus(p.status());
    }
    if (e instanceof KubernetesClientException k) {
      return outcomeOfStatus(k.getCode());
    }
    return Outcome.FAILURE;
  }

  /** {@code denied} for an HTTP 403 from the apiserver (or any peer acting for the person), else {@code failure}. */
  public static Outcome outcomeOfStatus(int status) {
    return status == 403 ? Outcome.DENIED : Outcome.FAILURE;
  }

  /** The reason written to the row: the refusal's own words (e.g. the RBAC message). */
  public static String reasonOf(Throwable e) {
    if (e instanceof Problem p) {
      return p.getMessage();
    }
    if (e instanceof KubernetesClientException k) {
      return KubernetesErrors.message(k);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
