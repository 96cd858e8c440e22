package io.periscope.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens the PostgreSQL database shared by all replicas (audit + sessions) and migrates it with
 * Flyway. Flyway takes a database lock while migrating, so replicas starting together are safe.
 */
public final class PostgresDatabase {
  private PostgresDatabase() {}

  /** The password is passed through to the driver and never logged. */
  public static HikariDataSource open(String jdbcUrl, String user, String password) {
    HikariDataSource ds = connect(jdbcUrl, user, password, 8);
    try {
      migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return ds;
  }

  /** A pool without migrating, for tools that must not change the schema (e.g. {@code audit verify}). */
  public static HikariDataSource connect(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setPoolName("postgres");
    hikari.setMaximumPoolSize(poolSize);
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(hikari);
  }

  public static void migrate(javax.sql.DataSource ds) {
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration/postgres").load().migrate();
    } catch (RuntimeException e) {
      throw new StorageException("migrate postgres schema", e);
    }
  }
}
