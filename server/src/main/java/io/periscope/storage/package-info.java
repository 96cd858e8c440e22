/**
 * Database plumbing shared by the audit store and the session stores: opening a pooled
 * {@link javax.sql.DataSource} for SQLite (single replica) or PostgreSQL (HA) and bringing its
 * schema up to date (SQLite: ordered scripts tracked by {@code PRAGMA user_version}; PostgreSQL:
 * Flyway, scripts under {@code db/migration/postgres}).
 *
 * <p>Owns connection settings (WAL, synchronous mode, busy timeout, pool sizes) and migrations.
 * Does not own any table's SQL beyond the migrations: feature stores ({@code audit.store},
 * {@code auth.store}) write their own queries.
 */
package io.periscope.storage;
