package io.periscope.agent.tunnel;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.periscope.agent.ca.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel's own TLS certificate, signed by the agent CA: issued at start and when the CA
 * rotates, and issued again once two thirds of its validity have passed, so a server that runs for
 * most of a year stays trusted by its agents without a restart. Checked every hour.
 */
final class ServerIdentity implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerIdentity.class);
  static final Duration VALIDITY = Duration.ofDays(365);
  private static final Duration CHECK_EVERY = Duration.ofHours(1);

  private final CertificateAuthority ca;
  private final List<String> hostnames;
  private final Clock clock;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("agent-tunnel-certificate").daemon().factory());
  private volatile X509Certificate current;

  ServerIdentity(CertificateAuthority ca, List<String> hostnames, Clock clock) {
    this.ca = ca;
    this.hostnames = List.copyOf(hostnames);
    this.clock = clock;
    issue();
    checks.scheduleWithFixedDelay(() -> {
      try {
        renewIfDue();
      } catch (RuntimeException e) {
        log.warn("re-issuing the agent tunnel's certificate failed (retrying in an hour): {}", e.getMessage());
      }
    }, CHECK_EVERY.toMinutes(), CHECK_EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  /** The key manager the TLS server presents from; it follows every new certificate. */
  AdvancedTlsX509KeyManager keyManager() {
    return keyManager;
  }

  /** The certificate presented now. */
  X509Certificate current() {
    return current;
  }

  /** Issues a new certificate from the current CA (at start, after a rotation). */
  synchronized void issue() {
    CertificateAuthority.Issued own = ca.issueServer(hostnames, VALIDITY);
    keyManager.updateIdentityCredentials(new X509Certificate[] {own.certificate(), ca.certificate()}, own.key());
    current = own.certificate();
  }

  /** Issues a new certificate when two thirds of the current one's validity have passed; true when it did. */
  boolean renewIfDue() {
    X509Certificate c = current;
    Instant from = c.getNotBefore().toInstant();
    Instant due = from.plus(Duration.between(from, c.getNotAfter().toInstant()).multipliedBy(2).dividedBy(3));
    if (clock.instant().isBefore(due)) {
      return false;
    }
    issue();
    log.info("agent tunnel certificate re-issued (the last one was two thirds through its validity); valid until {}",
        current.getNotAfter().toInstant());
    return true;
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
