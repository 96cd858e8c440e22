package io.periscope.audit.runtime;

import static io.periscope.audit.AuditEvents.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.periscope.audit.FlushOutcome;
import io.periscope.auth.store.SqlSessionStore;
import io.periscope.config.PeriscopeConfig;
import io.periscope.storage.Database;
import io.periscope.storage.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRuntimeTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  /**
   * The runtime's retention sweeps rows older than 30 days by this clock as soon as it starts: on
   * the wall clock it deleted the test events (dated {@link io.periscope.audit.AuditEvents#T0})
   * whenever a sweep ran between the write and the count.
   */
  private static final Clock AN_HOUR_AFTER_THE_EVENTS = Clock.fixed(io.periscope.audit.AuditEvents.T0.plusSeconds(3600), java.time.ZoneOffset.UTC);

  private PeriscopeConfig.Audit audit(boolean toStdout) {
    return new PeriscopeConfig.Audit(30, 1024, Duration.ofHours(24), toStdout);
  }

  @Test
  void sqliteRuntimeRecordsToTheStoreAndStdoutAndSharesItsDatabaseWithSessions() {
    try (Database db = Database.sqlite(dir.resolve("audit/audit.db"));
        AuditRuntime runtime = AuditRuntime.start(audit(true), db, new SimpleMeterRegistry(),
        new PrintStream(stdout, true, StandardCharsets.UTF_8), AN_HOUR_AFTER_THE_EVENTS)) {
      runtime.recorder().record(simple("r1", "alice"));

      assertThat(runtime.recorder().flush(Duration.ofSeconds(30))).isEqualTo(FlushOutcome.DURABLE);
      assertThat(runtime.store().count()).isEqualTo(1);
      assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"request_id\":\"r1\"");
      assertThat(new SqlSessionStore(db.dataSource(), io.periscope.testkit.TestKeys.newEncryption()).find("none")).isEqualTo(Optional.empty());
    }
  }

  @Test
  void closeDrainsEventsStillQueued() {
    try (Database db = Database.sqlite(dir.resolve("audit/audit.db"));
        AuditRuntime runtime = AuditRuntime.start(audit(false), db, new SimpleMeterRegistry(), System.out, AN_HOUR_AFTER_THE_EVENTS)) {
      for (int i = 0; i < 1_000; i++) {
        runtime.recorder().record(simple("r" + i, "alice"));
      }
    }
    try (var store = io.periscope.audit.store.SqliteAuditStore.open(dir.resolve("audit/audit.db"))) {
      assertThat(store.count()).isEqualTo(1_000);
    }
  }

  @Test
  void postgresRuntimeMigratesAndRecords() {
    try (Database db = Database.postgres(TestPostgres.newDatabaseUrl(), "postgres", "postgres");
        AuditRuntime runtime = AuditRuntime.start(audit(false), db, new SimpleMeterRegistry(), System.out, AN_HOUR_AFTER_THE_EVENTS)) {
      runtime.recorder().record(simple("r1", "alice"));

      assertThat(runtime.recorder().flush(Duration.ofSeconds(30))).isEqualTo(FlushOutcome.DURABLE);
      assertThat(runtime.store().verify().ok()).isTrue();
      assertThat(runtime.store().name()).isEqualTo("postgres");
    }
  }
}
