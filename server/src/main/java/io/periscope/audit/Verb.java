package io.periscope.audit;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The closed vocabulary of audited actions (docs/audit.md). Wire names are stable: SIEM rules match
 * them. Each verb's {@link Kind} is the one place that says whether it changes something: the audit
 * API's {@code changes=true} filter and the audit page's verb menu ({@code GET /api/audit/verbs}) read it.
 */
public enum Verb {
  LOGIN("auth.login", Kind.SIGN_IN),
  LOGOUT("auth.logout", Kind.SIGN_IN),
  LOGIN_FAILED("auth.login_failed", Kind.SIGN_IN),
  SESSION_REVOKE("auth.session_revoke", Kind.CHANGE),
  APPLY("apply", Kind.CHANGE),
  CREATE("create", Kind.CHANGE),
  DELETE("delete", Kind.CHANGE),
  SCALE("scale", Kind.CHANGE),
  RESTART("restart", Kind.CHANGE),
  TRIGGER("trigger", Kind.CHANGE),
  SECRET_REVEAL("secret_reveal", Kind.ACCESS),
  EXEC("exec", Kind.ACCESS),
  DEBUG("debug", Kind.CHANGE),
  EVICT("evict", Kind.CHANGE),
  CORDON("cordon", Kind.CHANGE),
  UNCORDON("uncordon", Kind.CHANGE),
  ROLLBACK("rollback", Kind.CHANGE),
  PAUSE("pause", Kind.CHANGE),
  RESUME("resume", Kind.CHANGE),
  PORT_FORWARD("port_forward", Kind.ACCESS),
  LOG_OPEN("log_open", Kind.READ),
  HELM_READ("helm_read", Kind.READ),
  AGENT_TOKEN_MINT("agent_token_mint", Kind.CHANGE),
  AGENT_REGISTER("agent_register", Kind.CHANGE),
  AGENT_DEREGISTER("agent_deregister", Kind.CHANGE),
  AGENT_CERTIFICATE_REVOKE("agent_certificate_revoke", Kind.CHANGE),
  AGENT_CERTIFICATE_RENEW("agent_certificate_renew", Kind.CHANGE),
  AGENT_CA_ROTATE("agent_ca_rotate", Kind.CHANGE),
  AGENT_IDENTITY_BIND("agent_identity_bind", Kind.CHANGE),
  AGENT_IDENTITY_REBIND("agent_identity_rebind", Kind.CHANGE),
  AUDIT_EXPORT("audit_export", Kind.READ),
  AWS_IDENTITY_READ("aws_identity_read", Kind.READ),
  AWS_IAM_READ("aws_iam_read", Kind.READ),
  AWS_EKS_READ("aws_eks_read", Kind.READ),
  INSPECTOR_REFRESH("inspector_refresh", Kind.READ),
  ADDON_WRITE("addon_write", Kind.CHANGE);

  /** What a verb does to the world. */
  public enum Kind {
    /** A write: to a cluster object, to AWS, or to Periscope's own state (agents, sessions). */
    CHANGE("change", true),
    /** Privileged access that writes nothing itself: a shell, a port-forward, a secret's values. */
    ACCESS("access", true),
    /** A read: logs, Helm releases, AWS and Inspector reads, an audit export. */
    READ("read", false),
    /** Signing in and out. */
    SIGN_IN("sign_in", false);

    private final String wireName;
    private final boolean inChanges;

    Kind(String wireName, boolean inChanges) {
      this.wireName = wireName;
      this.inChanges = inChanges;
    }

    public String wireName() {
      return wireName;
    }

    /** Whether the "changes" filter shows this kind: writes and privileged access, not reads or sign-ins. */
    public boolean inChanges() {
      return inChanges;
    }
  }

  private static final Set<Verb> CHANGES = Collections.unmodifiableSet(
      EnumSet.copyOf(Arrays.stream(values()).filter(v -> v.kind.inChanges()).toList()));

  private final String wireName;
  private final Kind kind;

  Verb(String wireName, Kind kind) {
    this.wireName = wireName;
    this.kind = kind;
  }

  public String wireName() {
    return wireName;
  }

  public Kind kind() {
    return kind;
  }

  /** The verbs the "changes" filter shows (their kind is {@link Kind#inChanges()}). */
  public static Set<Verb> changes() {
    return CHANGES;
  }

  public static Optional<Verb> parse(String wire) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(wire)).findFirst();
  }
}
