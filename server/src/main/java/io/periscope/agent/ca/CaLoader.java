package io.periscope.agent.ca;

import io.periscope.config.ConfigException;
import io.periscope.config.PeriscopeConfig;
import io.periscope.storage.AtRestEncryption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the agent CA at start-up where {@code agent.ca.store} says. The database store (default)
 * moves a CA found in {@code agent.caDir} into an empty database once, and re-reads the stored
 * serial every {@value #REFRESH_SECONDS} s so a rotation made on another replica reaches this one.
 * A key that does not open the stored CA fails the start naming the config key; it never makes a
 * new CA.
 */
public final class CaLoader {
  private static final Logger log = LoggerFactory.getLogger(CaLoader.class);
  static final int REFRESH_SECONDS = 30;

  private CaLoader() {}

  /**
   * @param database the server's database, or null when the app was built without one
   * @param closeables receives what must be stopped with the server
   */
  public static CertificateAuthority load(PeriscopeConfig.Agent settings, DataSource database, Clock clock, List<AutoCloseable> closeables) {
    PeriscopeConfig.Ca ca = settings.ca();
    if (ca.store() == PeriscopeConfig.Ca.Store.DIRECTORY) {
      return CertificateAuthority.loadOrCreate(settings.caDir(), clock);
    }
    if (database == null) {
      throw new ConfigException("agent.ca.store", "is database, but this server was started without a database; use directory");
    }
    var encryption = new AtRestEncryption(ca.key().orElseThrow(() -> new ConfigException("agent.ca.keyFile", "required")), ca.previousKeys());
    CertificateAuthority authority;
    try {
      authority = CertificateAuthority.loadOrCreate(new SqlCaStore(database, encryption, clock),
          new DirectoryCaStore(settings.caDir())::load, clock);
    } catch (AtRestEncryption.WrongKeyException e) {
      throw new ConfigException(e.configured().source(), e.getMessage());
    }
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("agent-ca-refresh").daemon().factory());
    refresher.scheduleWithFixedDelay(() -> {
      try {
        authority.refresh();
      } catch (RuntimeException e) {
        log.warn("re-reading the agent CA failed (keeping the current one): {}", e.getMessage());
      }
    }, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    closeables.add(refresher::shutdownNow);
    return authority;
  }
}
