package io.periscope.audit.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.periscope.audit.AsyncAuditRecorder;
import io.periscope.audit.AuditSink;
import io.periscope.audit.FlushOutcome;
import io.periscope.audit.RecorderSettings;
import io.periscope.audit.StdoutJsonSink;
import io.periscope.audit.store.AuditRetention;
import io.periscope.audit.store.AuditStore;
import io.periscope.audit.store.PostgresAuditStore;
import io.periscope.audit.store.SqliteAuditStore;
import io.periscope.config.PeriscopeConfig;
import io.periscope.storage.PostgresDatabase;
import io.periscope.storage.SqliteDatabase;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running audit subsystem. {@link #close} flushes and drains the recorder first, then stops
 * retention, then closes the database, so nothing acknowledged is lost on a clean shutdown.
 *
 * @param dataSource the shared database, also used by {@code auth.store.SqlSessionStore}
 */
public record AuditRuntime(
    DataSource dataSource, AuditStore store, AsyncAuditRecorder recorder, AuditRetention retention) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRuntime.class);

  public static AuditRuntime start(PeriscopeConfig.Audit audit, PeriscopeConfig.Storage storage, MeterRegistry registry,
      PrintStream stdout, Clock clock) {
    HikariDataSource ds = switch (storage.backend()) {
      case SQLITE -> SqliteDatabase.open(audit.sqlitePath());
      case POSTGRES -> PostgresDatabase.open(storage.postgresUrl(), storage.postgresUser(), storage.postgresPassword());
    };
    try {
      AuditStore store = switch (storage.backend()) {
        case SQLITE -> new SqliteAuditStore(ds);
        case POSTGRES -> new PostgresAuditStore(ds);
      };
      List<AuditSink> sinks = new ArrayList<>(List.of(store));
      if (audit.stdout()) {
        sinks.add(new StdoutJsonSink(stdout));
      }
      AsyncAuditRecorder recorder = AsyncAuditRecorder.start(sinks, RecorderSettings.DEFAULTS, registry);
      AuditRetention retention = new AuditRetention(store, audit, clock);
      retention.start();
      LOG.info("audit: {} store, sinks {}, retention {} days / {} MB every {}", store.name(),
          sinks.stream().map(AuditSink::name).toList(), audit.retentionDays(), audit.maxSizeMb(), audit.vacuumInterval());
      return new AuditRuntime(ds, store, recorder, retention);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  @Override
  public void close() {
    FlushOutcome flushed = recorder.flush(Duration.ofSeconds(20));
    if (flushed != FlushOutcome.DURABLE) {
      LOG.error("audit: final flush {}; see periscope_audit_* metrics and the overflow log", flushed);
    }
    recorder.close();
    retention.close();
    store.close();
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
