package io.periscope.audit.http;

import io.periscope.audit.store.AuditFilter;
import io.periscope.auth.AuthenticatedUser;

/**
 * Who may read which rows. Audit admins read everything. Everyone else reads only rows where
 * they are the actor: the filter is narrowed to their exact subject ({@link AuditFilter#ownedBy}),
 * on top of whatever they asked for. The requested {@code actor} (subject or email, any case)
 * still applies inside that scope, so asking for another person yields an empty result — not an
 * error, so the UI need not know who is an admin, and not their own rows, which would silently
 * answer a different question than the one asked. The scope is never the loose actor match: an
 * email or a case variant shared with someone else must not reach that person's rows.
 */
final class ReadScope {
  private ReadScope() {}

  /** The filter to run for this caller. */
  static AuditFilter apply(AuthenticatedUser user, AuditFilter requested) {
    return user.auditAdmin() ? requested : requested.ownedBy(user.principal().subject());
  }
}
