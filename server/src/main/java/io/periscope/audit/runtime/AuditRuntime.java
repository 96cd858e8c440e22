package io.periscope.audit.runtime;

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
import io.periscope.storage.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running audit subsystem on the server's database. {@link #close} flushes and drains the
 * recorder first, then stops retention; the database itself belongs to the composition root and
 * is closed after this, so nothing acknowledged is lost on a clean shutdown.
 */
public record AuditRuntime(AuditStore store, AsyncAuditRecorder recorder, AuditRetention retention) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRuntime.class);

  public static AuditRuntime start(PeriscopeConfig.Audit audit, Database database, MeterRegistry registry, PrintStream stdout, Clock clock) {
    AuditStore store = switch (database.engine()) {
      case SQLITE -> new SqliteAuditStore(database.dataSource());
      case POSTGRES -> new PostgresAuditStore(database.dataSource());
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
    return new AuditRuntime(store, recorder, retention);
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
  }
}
