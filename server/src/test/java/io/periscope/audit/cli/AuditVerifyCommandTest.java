package io.periscope.audit.cli;

import static io.periscope.audit.AuditEvents.simple;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.audit.store.PostgresAuditStore;
import io.periscope.audit.store.SqliteAuditStore;
import io.periscope.storage.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditVerifyCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new AuditVerifyCommand(env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path sqliteWithThreeRows() {
    Path db = dir.resolve("audit.db");
    try (SqliteAuditStore store = SqliteAuditStore.open(db)) {
      store.append(List.of(simple("r1", "alice"), simple("r2", "bob"), simple("r3", "alice")));
    }
    return db;
  }

  @Test
  void intactSqliteChainPrintsOkAndExitsZero() {
    Path db = sqliteWithThreeRows();

    assertThat(run(Map.of(), "--db", db.toString())).isEqualTo(AuditVerifyCommand.INTACT);
    assertThat(out.toString()).startsWith("OK: 3 rows verified (rows 1..3; head hash ");
  }

  @Test
  void editedRowPrintsTheFirstBrokenLinkAndExitsOne() throws Exception {
    Path db = sqliteWithThreeRows();
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = conn.createStatement()) {
      st.execute("UPDATE audit_events SET actor_sub = 'mallory' WHERE id = 2");
    }

    assertThat(run(Map.of(), "--db", db.toString())).isEqualTo(AuditVerifyCommand.BROKEN);
    assertThat(out.toString()).startsWith("BROKEN at row 2: hash mismatch").contains("expected hash ").contains("found hash ");
  }

  @Test
  void missingFileExitsTwoWithoutCreatingIt() {
    Path db = dir.resolve("nope.db");

    assertThat(run(Map.of(), "--db", db.toString())).isEqualTo(AuditVerifyCommand.UNCHECKED);
    assertThat(err.toString()).contains("no SQLite audit database at " + db);
    assertThat(db).doesNotExist();
  }

  @Test
  void exactlyOneSourceIsRequired() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err.toString()).contains("--db").contains("--postgres-url");
    assertThat(run(Map.of(), "--db", "a", "--postgres-url", "jdbc:postgresql://x/y")).isEqualTo(2);
  }

  @Test
  void postgresChainIsVerifiedWithThePasswordFromTheEnvironment() {
    try (HikariDataSource ds = TestPostgres.newMigratedDatabase()) {
      new PostgresAuditStore(ds).append(List.of(simple("r1", "alice"), simple("r2", "bob")));

      int code = run(Map.of("PERISCOPE_STORAGE_POSTGRES_PASSWORD", "postgres"), "--postgres-url", ds.getJdbcUrl(), "--postgres-user", "postgres");

      assertThat(code).as(err.toString()).isEqualTo(AuditVerifyCommand.INTACT);
      assertThat(out.toString()).startsWith("OK: 2 rows verified");
    }
  }
}
