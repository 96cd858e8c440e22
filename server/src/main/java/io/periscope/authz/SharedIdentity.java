package io.periscope.authz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whom the clusters see in shared mode ({@code auth.authorization.sharedIdentity}).
 */
public enum SharedIdentity {
  /**
   * The server's own identity (its IAM role, ServiceAccount, kubeconfig user or the agent's
   * ServiceAccount), with no {@code Impersonate-*} header at all: one Access Entry per cluster and
   * no impersonation RBAC. The apiserver's audit log shows Periscope; Periscope's own names the person.
   */
  SERVER,
  /** Each person is impersonated as themselves with the one group {@code auth.authorization.sharedGroup}. */
  IMPERSONATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SharedIdentity> parse(String value) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst();
  }
}
