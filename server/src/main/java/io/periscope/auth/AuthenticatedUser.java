package io.periscope.auth;

import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Principal;
import io.periscope.authz.Tier;
import java.time.Instant;
import java.util.Optional;

/**
 * The person behind the current request, as the session filter established it.
 *
 * @param tier the tier in tier mode (empty in other modes or when no tier applies)
 * @param auditAdmin may read everyone's audit rows ({@code auditAdminGroups}, else the mode's fallback)
 * @param administrator administers the console: agents and other people's sessions (tier admin or an
 *     explicit {@code auditAdminGroups} member, never a mode's fallback)
 * @param expiresAt when the session ends at the latest (idle or absolute deadline, whichever is first)
 * @param impersonated whether clusters see this person (false: shared mode with the server's own identity)
 */
public record AuthenticatedUser(
    Principal principal, AuthorizationMode mode, Optional<Tier> tier, boolean auditAdmin, boolean administrator, Instant expiresAt,
    boolean impersonated) {

  /**
   * A person the clusters see as themselves (every mode but shared with the server's identity),
   * administering the console when an audit admin in tier mode or a tier admin.
   */
  public AuthenticatedUser(Principal principal, AuthorizationMode mode, Optional<Tier> tier, boolean auditAdmin, Instant expiresAt) {
    this(principal, mode, tier, auditAdmin, tier.filter(t -> t == Tier.ADMIN).isPresent() || auditAdmin && mode == AuthorizationMode.TIER,
        expiresAt, true);
  }
}
