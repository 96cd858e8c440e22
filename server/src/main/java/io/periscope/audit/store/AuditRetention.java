package io.periscope.audit.store;

import io.periscope.config.PeriscopeConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code audit.retentionDays} and {@code audit.maxSizeMb} on every vacuum tick
 * ({@code audit.vacuumInterval}). A bound of 0 means "no bound"; both 0 is warned about at start.
 */
public final class AuditRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

  private final AuditStore store;
  private final PeriscopeConfig.Audit settings;
  private final Clock clock;
  private ScheduledExecutorService scheduler;

  public AuditRetention(AuditStore store, PeriscopeConfig.Audit settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** True (and a WARN logged) when neither age nor size bounds the store. */
  public boolean warnIfUnbounded() {
    boolean unbounded = settings.retentionDays() <= 0 && settings.maxSizeMb() <= 0;
    if (unbounded) {
      LOG.warn("audit retention is unbounded: PERISCOPE_AUDIT_RETENTION_DAYS=0 and PERISCOPE_AUDIT_MAX_SIZE_MB=0;"
          + " the {} audit store will grow until the disk is full", store.name());
    }
    return unbounded;
  }

  /** Warns if unbounded, then prunes now and every {@code vacuumInterval}. */
  public synchronized void start() {
    warnIfUnbounded();
    Duration every = settings.vacuumInterval();
    if (every.isZero() || every.isNegative()) {
      LOG.warn("audit vacuum interval is {}: pruning disabled", every);
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("audit-retention").daemon(true).unstarted(r));
    scheduler.scheduleWithFixedDelay(this::tickSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One prune pass with the configured bounds. */
  public PruneResult runOnce() {
    Optional<Instant> olderThan = settings.retentionDays() > 0
        ? Optional.of(clock.instant().minus(Duration.ofDays(settings.retentionDays())))
        : Optional.empty();
    long maxBytes = settings.maxSizeMb() > 0 ? settings.maxSizeMb() * 1024 * 1024 : 0;
    PruneResult result = store.prune(olderThan, maxBytes);
    if (result.rowsDeleted() > 0) {
      LOG.info("audit retention: pruned {} rows from {} (anchor now row {}, size before {} bytes)",
          result.rowsDeleted(), store.name(), result.anchorId(), result.sizeBytesBefore());
    }
    return result;
  }

  private void tickSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.error("audit retention tick failed for {} store: {}", store.name(), e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
