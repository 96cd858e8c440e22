package io.periscope.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The server's one database, opened once by the composition root and handed to every store (audit,
 * sessions, agent registrations and CA); closed last, after everything that writes to it.
 */
public final class Database implements AutoCloseable {
  /** Which engine, so a feature can pick its dialect. */
  public enum Engine { SQLITE, POSTGRES }

  private final Engine engine;
  private final HikariDataSource pool;

  private Database(Engine engine, HikariDataSource pool) {
    this.engine = engine;
    this.pool = pool;
  }

  /** The SQLite file (created with its directory when missing), migrated. */
  public static Database sqlite(Path file) {
    return new Database(Engine.SQLITE, SqliteDatabase.open(file));
  }

  /** The PostgreSQL database shared by replicas, migrated; the password is never logged. */
  public static Database postgres(String jdbcUrl, String user, String password) {
    return new Database(Engine.POSTGRES, PostgresDatabase.open(jdbcUrl, user, password));
  }

  public Engine engine() {
    return engine;
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
