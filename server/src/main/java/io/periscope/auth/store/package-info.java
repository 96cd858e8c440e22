/**
 * Durable {@link io.periscope.auth.SessionStore} for SQLite (one replica) and PostgreSQL (HA:
 * every replica reads and writes the same {@code sessions} table, so any replica accepts any
 * session cookie).
 *
 * <p>Owns the {@code sessions} table's SQL and the JSON form of a session. Does not own session
 * semantics (creation, expiry policy, cookies: {@code auth}, {@code auth.http}) or connections
 * and migrations ({@code io.periscope.storage}).
 */
package io.periscope.auth.store;
