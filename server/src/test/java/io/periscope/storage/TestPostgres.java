package io.periscope.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real PostgreSQL per test JVM (zonky embedded binaries); a fresh migrated database per call. */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // test data need not survive a power cut: skip fsyncs so per-test databases are cheap
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
      } catch (IOException e) {
        throw new UncheckedIOException("start embedded postgres", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // JVM is exiting
        }
      }));
    }
    return server;
  }

  /** JDBC URL of a new, empty database. */
  public static String newDatabaseUrl() {
    String name = "periscope_test_" + DATABASES.incrementAndGet();
    try (Connection conn = server().getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("create test database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  private static String template;

  /**
   * A pool on a new database with the production schema. The first call migrates a template
   * database with Flyway (exactly like production); later databases are cloned from it, which
   * is much faster than migrating each one.
   */
  public static HikariDataSource newMigratedDatabase() {
    String name = "periscope_test_" + DATABASES.incrementAndGet();
    try (Connection conn = server().getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE " + template() + " STRATEGY FILE_COPY");
    } catch (SQLException e) {
      throw new IllegalStateException("create test database " + name, e);
    }
    return pool(server().getJdbcUrl("postgres", name));
  }

  private static synchronized String template() {
    if (template == null) {
      try (Connection conn = server().getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
        st.execute("CREATE DATABASE periscope_template");
      } catch (SQLException e) {
        throw new IllegalStateException("create template database", e);
      }
      PostgresDatabase.open(server().getJdbcUrl("postgres", "periscope_template"), "postgres", "postgres").close();
      template = "periscope_template";
    }
    return template;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername("postgres");
    cfg.setPassword("postgres");
    cfg.setMaximumPoolSize(4);
    cfg.setMinimumIdle(0);
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(cfg);
  }

  /** A second, independent pool on the same database (a stand-in for another replica). */
  public static HikariDataSource anotherPool(HikariDataSource first) {
    HikariDataSource ds = pool(first.getJdbcUrl());
    PostgresDatabase.migrate(ds); // a second replica starting: Flyway finds nothing to do
    return ds;
  }
}
