package io.periscope.audit.http;

import io.periscope.auth.AuthenticatedUser;
import io.periscope.audit.store.AuditFilter;
import java.util.Optional;

/**
 * Who may read which rows. Audit admins read everything. Everyone else reads only rows where
 * they are the actor: the actor filter is forced to their subject, and asking for another actor
 * yields an empty result (the request's filter and the caller's scope have no row in common) —
 * not an error, so the UI need not know who is an admin, and not their own rows, which would
 * silently answer a different question than the one asked.
 */
final class ReadScope {
  private ReadScope() {}

  /** The filter to run, or empty when no row can match for this caller. */
  static Optional<AuditFilter> apply(AuthenticatedUser user, AuditFilter requested) {
    if (user.auditAdmin()) {
      return Optional.of(requested);
    }
    String own = user.principal().subject();
    if (requested.actor().isPresent() && !requested.actor().get().equals(own)) {
      return Optional.empty();
    }
    return Optional.of(requested.withActor(own));
  }
}
