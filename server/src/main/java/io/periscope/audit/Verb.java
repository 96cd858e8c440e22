package io.periscope.audit;

import java.util.Arrays;
import java.util.Optional;

/** The closed vocabulary of audited actions (docs/audit.md). Wire names are stable: SIEM rules match them. */
public enum Verb {
  LOGIN("auth.login"),
  LOGOUT("auth.logout"),
  LOGIN_FAILED("auth.login_failed"),
  SESSION_REVOKE("auth.session_revoke"),
  APPLY("apply"),
  CREATE("create"),
  DELETE("delete"),
  SCALE("scale"),
  RESTART("restart"),
  TRIGGER("trigger"),
  SECRET_REVEAL("secret_reveal"),
  EXEC("exec"),
  DEBUG("debug"),
  EVICT("evict"),
  CORDON("cordon"),
  UNCORDON("uncordon"),
  ROLLBACK("rollback"),
  PAUSE("pause"),
  RESUME("resume"),
  PORT_FORWARD("port_forward"),
  LOG_OPEN("log_open"),
  HELM_READ("helm_read"),
  AGENT_TOKEN_MINT("agent_token_mint"),
  AGENT_REGISTER("agent_register"),
  AGENT_DEREGISTER("agent_deregister"),
  AGENT_CERTIFICATE_REVOKE("agent_certificate_revoke"),
  AGENT_CERTIFICATE_RENEW("agent_certificate_renew"),
  AGENT_CA_ROTATE("agent_ca_rotate"),
  AUDIT_EXPORT("audit_export"),
  AWS_IDENTITY_READ("aws_identity_read"),
  AWS_IAM_READ("aws_iam_read"),
  AWS_EKS_READ("aws_eks_read"),
  INSPECTOR_REFRESH("inspector_refresh"),
  ADDON_WRITE("addon_write");

  private final String wireName;

  Verb(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Verb> parse(String wire) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(wire)).findFirst();
  }
}
