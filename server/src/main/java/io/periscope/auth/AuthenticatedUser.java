package io.periscope.auth;

import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.IdentityResolver;
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

  /** The person as the configured policy sees them: every flag from {@code identities}' one rule for it. */
  public static AuthenticatedUser of(IdentityResolver identities, Principal principal, Instant expiresAt) {
    var policy = identities.policy();
    Optional<Tier> tier = policy.mode() == AuthorizationMode.TIER ? identities.tierOf(principal.groups()) : Optional.empty();
    return new AuthenticatedUser(principal, policy.mode(), tier, identities.isAuditAdmin(principal.groups()),
        identities.isAdministrator(principal.groups()), expiresAt, policy.impersonates());
  }
}
