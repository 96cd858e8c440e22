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
 * Audits registrations ({@code agent_register}): who minted the token is already on record
 * ({@code agent_token_mint}); this row says whether and when an agent used it. The actor is the
 * agent, named by the token's cluster; the token itself is never recorded.
 */
public final class RegistrationAudit implements Consumer<AgentRegistrations.Registration> {
  private final AuditRecorder audit;
  private final Clock clock;

  public RegistrationAudit(AuditRecorder audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void accept(AgentRegistrations.Registration r) {
    Map<String, Object> extra = new LinkedHashMap<>();
    String name = "";
    Outcome outcome;
    String reason = "";
    if (r.issued() != null) {
      name = r.issued().getSerialNumber().toString(16);
      extra.put("notAfter", r.issued().getNotAfter().toInstant().toString());
      outcome = Outcome.SUCCESS;
    } else {
      outcome = r.refusal().code() == RegistrationException.Code.CSR_INVALID ? Outcome.FAILURE : Outcome.DENIED;
      reason = r.refusal().getMessage();
      extra.put("code", r.refusal().code().name().toLowerCase(java.util.Locale.ROOT));
    }
    String actor = r.cluster().isEmpty() ? "periscope-agent" : "periscope-agent:" + r.cluster();
    audit.record(new AuditEvent(clock.instant(), "", new AuditEvent.Actor(actor, "", List.of()), Verb.AGENT_REGISTER,
        new AuditEvent.Target(r.cluster(), "", "agent-certificate", name), outcome, reason, extra));
  }
}
