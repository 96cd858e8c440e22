package io.periscope.agent.registration;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Audits certificate renewals ({@code agent_certificate_renew}). No human acts here: the actor is
 * the agent, named by the cluster its presented certificate is bound to.
 */
public final class RenewalAudit implements Consumer<AgentRegistrations.Renewal> {
  private final AuditRecorder audit;
  private final Clock clock;

  public RenewalAudit(AuditRecorder audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void accept(AgentRegistrations.Renewal r) {
    Map<String, Object> extra = new LinkedHashMap<>();
    if (r.presentedSerial() != null) {
      extra.put("presentedSerial", r.presentedSerial().toString(16));
    }
    String name = "";
    Outcome outcome;
    String reason = "";
    if (r.issued() != null) {
      name = r.issued().getSerialNumber().toString(16);
      extra.put("notAfter", r.issued().getNotAfter().toInstant().toString());
      outcome = Outcome.SUCCESS;
    } else {
      RegistrationException e = r.refusal();
      outcome = e.code() == RegistrationException.Code.CSR_INVALID ? Outcome.FAILURE : Outcome.DENIED;
      reason = e.getMessage();
    }
    String actor = r.cluster().isEmpty() ? "periscope-agent" : "periscope-agent:" + r.cluster();
    audit.record(new AuditEvent(clock.instant(), "", new AuditEvent.Actor(actor, "", List.of()), Verb.AGENT_CERTIFICATE_RENEW,
        new AuditEvent.Target(r.cluster(), "", "agent-certificate", name), outcome, reason, extra));
  }
}
