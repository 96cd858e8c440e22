package io.periscope.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the SQLite file shared by the audit store and the session store.
 *
 * <p>Settings: WAL journal (readers never block the writer); {@code synchronous=FULL}, so a
 * committed batch survives power loss as well as a process crash — with WAL and batched commits
 * this costs one fsync per batch (tens per second), not per event, and it is what lets the
 * recorder's flush acknowledge durability; {@code auto_vacuum=INCREMENTAL} so pruning can give
 * pages back to the file system without a blocking full VACUUM; a busy timeout because the
 * session store and the audit writer share the file.
 */
public final class SqliteDatabase {
  /** Migration scripts in order; the index + 1 is the schema version stored in user_version. */
  static final List<String> MIGRATIONS = List.of("V1__audit.sql", "V2__sessions.sql", "V3__agent_registrations.sql",
      "V4__agent_ca.sql", "V5__server_secrets.sql", "V6__audit_actor_case_insensitive.sql", "V7__agent_cluster_identities.sql");

  /** Page cache per connection: index pages of a large audit table stay in memory while appending. */
  static final int CACHE_KIB = 64 * 1024;

  private SqliteDatabase() {}

  public static HikariDataSource open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("create directory for sqlite database " + file, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setCacheSize(-CACHE_KIB);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(sqlite);
    hikari.setPoolName("sqlite-" + file.getFileName());
    hikari.setMaximumPoolSize(4);
    hikari.setMinimumIdle(1);
    HikariDataSource ds = new HikariDataSource(hikari);
    try {
      migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return ds;
  }

  static void migrate(HikariDataSource ds) {
    try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
      int version;
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version == 0) {
        st.execute("PRAGMA auto_vacuum = INCREMENTAL"); // only takes effect before the first table
      }
      for (int i = version; i < MIGRATIONS.size(); i++) {
        st.execute("BEGIN IMMEDIATE");
        try {
          for (String sql : statements(MIGRATIONS.get(i))) {
            st.execute(sql);
          }
          st.execute("PRAGMA user_version = " + (i + 1));
          st.execute("COMMIT");
        } catch (SQLException e) {
          st.execute("ROLLBACK");
          throw new SQLException("sqlite migration " + MIGRATIONS.get(i) + " failed: " + e.getMessage(), e);
        }
      }
    } catch (SQLException e) {
      throw new StorageException("migrate sqlite schema", e);
    }
  }

  private static List<String> statements(String script) {
    String resource = "/db/migration/sqlite/" + script;
    try (InputStream in = SqliteDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return java.util.Arrays.stream(text.split(";\\s*\\n"))
          .map(s -> s.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip())
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("read " + resource, e);
    }
  }
}
