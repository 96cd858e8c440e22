/**
 * Persistent, queryable, tamper-evident audit storage: the {@link io.periscope.audit.store.AuditStore}
 * contract and its SQLite and PostgreSQL implementations, the hash chain
 * ({@link io.periscope.audit.store.HashChain}) and retention ({@link io.periscope.audit.store.AuditRetention}).
 *
 * <p>Does not own connections or migrations ({@code io.periscope.storage}), who may read which
 * rows (the HTTP layer decides and passes a filter), cursors, or the event wire shape.
 */
package io.periscope.audit.store;
