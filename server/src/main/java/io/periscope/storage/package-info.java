/**
 * Database plumbing shared by the audit store, the session stores and the agent stores: opening a
 * pooled {@link javax.sql.DataSource} for SQLite (single replica) or PostgreSQL (HA) and bringing
 * its schema up to date (SQLite: ordered scripts tracked by {@code PRAGMA user_version}; PostgreSQL:
 * Flyway, scripts under {@code db/migration/postgres}); and encrypting secrets before a feature
 * store writes them ({@link io.periscope.storage.AtRestEncryption} under an
 * {@link io.periscope.storage.EncryptionKey}).
 *
 * <p>Owns connection settings (WAL, synchronous mode, busy timeout, pool sizes), migrations and the
 * at-rest encryption format. Does not own any table's SQL beyond the migrations, nor which values
 * are secret: feature stores ({@code audit.store}, {@code auth.store}, {@code agent.ca},
 * {@code agent.registration}) write their own queries and decide what they seal. Does not read keys
 * from files or the environment ({@code config} does).
 */
package io.periscope.storage;
