package io.periscope.agent.registration;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Audits what agents do with certificates: registrations ({@code agent_register}; who minted the
 * token is already on record as {@code agent_token_mint}) and renewals ({@code agent_certificate_renew}).
 * No human acts here: the actor is the agent, named by its cluster; a token is never recorded.
 * Hook both with {@code registrations.onRegistration(audit::registration)} and
 * {@code registrations.onRenewal(audit::renewal)}.
 */
public final class AgentCertificateAudit {
  private final AuditRecorder audit;
  private final Clock clock;

  public AgentCertificateAudit(AuditRecorder audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  public void registration(AgentRegistrations.Registration r) {
    Map<String, Object> extra = new LinkedHashMap<>();
    if (r.refusal() != null) {
      extra.put("code", r.refusal().code().name().toLowerCase(Locale.ROOT));
    }
    record(Verb.AGENT_REGISTER, r.cluster(), r.issued(), r.refusal(), extra);
  }

  public void renewal(AgentRegistrations.Renewal r) {
    Map<String, Object> extra = new LinkedHashMap<>();
    if (r.presentedSerial() != null) {
      extra.put("presentedSerial", r.presentedSerial().toString(16));
    }
    record(Verb.AGENT_CERTIFICATE_RENEW, r.cluster(), r.issued(), r.refusal(), extra);
  }

  /** Granted when {@code issued} is set (target = its serial), otherwise refused: denied, or failure for a broken CSR. */
  private void record(Verb verb, String cluster, X509Certificate issued, RegistrationException refusal, Map<String, Object> extra) {
    String name = "";
    Outcome outcome;
    String reason = "";
    if (issued != null) {
      name = issued.getSerialNumber().toString(16);
      extra.put("notAfter", issued.getNotAfter().toInstant().toString());
      outcome = Outcome.SUCCESS;
    } else {
      outcome = refusal.code() == RegistrationException.Code.CSR_INVALID ? Outcome.FAILURE : Outcome.DENIED;
      reason = refusal.getMessage();
    }
    String actor = cluster.isEmpty() ? "periscope-agent" : "periscope-agent:" + cluster;
    audit.record(new AuditEvent(clock.instant(), "", new AuditEvent.Actor(actor, "", List.of()), verb,
        new AuditEvent.Target(cluster, "", "agent-certificate", name), outcome, reason, extra));
  }
}
