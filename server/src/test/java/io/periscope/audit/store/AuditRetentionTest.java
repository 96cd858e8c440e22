package io.periscope.audit.store;

import static io.periscope.audit.AuditEvents.T0;
import static io.periscope.audit.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.config.PeriscopeConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class AuditRetentionTest {
  @TempDir Path dir;
  private SqliteAuditStore store;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AuditRetention.class);

  @BeforeEach
  void open() {
    store = SqliteAuditStore.open(dir.resolve("audit.db"));
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void close() {
    logger.detachAppender(logs);
    store.close();
  }

  private AuditRetention retention(int days, long maxMb) {
    PeriscopeConfig.Audit cfg = new PeriscopeConfig.Audit(days, maxMb, Duration.ofHours(24), false);
    return new AuditRetention(store, cfg, Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC));
  }

  @ParameterizedTest(name = "retentionDays={0} maxSizeMb={1} -> warn={2}")
  @CsvSource({"0, 0, true", "30, 0, false", "0, 1024, false", "30, 1024, false"})
  void warnsAtStartOnlyWhenBothBoundsAreZero(int days, long maxMb, boolean warns) {
    assertThat(retention(days, maxMb).warnIfUnbounded()).isEqualTo(warns);
    assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("audit retention is unbounded")).hasSize(warns ? 1 : 0);
  }

  @Test
  void aTickPrunesRowsOlderThanTheRetentionAndKeepsTheChainVerifiable() {
    // one event per day on days 21..30 after T0; now is T0 + 30 days; keep 5 days: days 21..24 go, 25 (exactly 5 days old) stays
    store.append(IntStream.range(0, 10).mapToObj(i -> event("d" + i, "alice", Verb.APPLY, "prod", "default", "deployments",
        "web", Outcome.SUCCESS, "", T0.plus(Duration.ofDays(21 + i)))).toList());

    PruneResult result = retention(5, 0).runOnce();

    assertThat(result.rowsDeleted()).isEqualTo(4);
    assertThat(store.count()).isEqualTo(6);
    assertThat(store.verify().ok()).isTrue();
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("pruned 4 rows from sqlite"));
  }

  @Test
  void unboundedRetentionPrunesNothing() {
    store.append(IntStream.range(0, 3).mapToObj(i -> event("d" + i, "alice", Verb.APPLY, "prod", "default", "deployments",
        "web", Outcome.SUCCESS, "", T0)).toList());

    assertThat(retention(0, 0).runOnce().rowsDeleted()).isZero();
  }
}
