package io.periscope.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One audited action, attributed to the real human. The schema is shared by every sink. */
public record AuditEvent(
    Instant time,
    String requestId,
    Actor actor,
    Verb verb,
    Target target,
    Outcome outcome,
    String reason,
    Map<String, Object> extra) {

  public AuditEvent {
    reason = reason == null ? "" : reason;
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** Who acted: OIDC subject, email and IdP groups (not the impersonated groups). */
  public record Actor(String sub, String email, List<String> groups) {
    public Actor {
      groups = List.copyOf(groups);
    }
  }

  /** What was acted on; empty strings where a level does not apply. */
  public record Target(String cluster, String namespace, String resource, String name) {
    public static final Target NONE = new Target("", "", "", "");
  }
}
