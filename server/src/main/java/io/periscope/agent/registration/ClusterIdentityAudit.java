package io.periscope.agent.registration;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audits what agents do to their cluster's identity binding ({@code agent_identity_bind}): the
 * first UID binding the name (success), and an agent of another cluster refused (denied), once per
 * conflicting UID: a refused agent retries with back-off, and the Agents page shows when it was last
 * seen. The actor is the agent, named by its cluster. Hook with {@code identities.onDecision(audit::decision)}.
 */
public final class ClusterIdentityAudit {
  private final AuditRecorder audit;
  private final Clock clock;

  public ClusterIdentityAudit(AuditRecorder audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  public void decision(ClusterIdentities.Decision d) {
    Map<String, Object> extra = new LinkedHashMap<>();
    if (d.binding() != null) {
      extra.put("boundUid", d.binding().uid());
    }
    extra.put("presentedUid", d.presented());
    boolean refused = !d.admitted();
    audit.record(new AuditEvent(clock.instant(), "", new AuditEvent.Actor("periscope-agent:" + d.cluster(), "", List.of()),
        Verb.AGENT_IDENTITY_BIND, new AuditEvent.Target(d.cluster(), "", "agent-identity", d.presented()),
        refused ? Outcome.DENIED : Outcome.SUCCESS, refused ? d.message() : "", extra));
  }
}
