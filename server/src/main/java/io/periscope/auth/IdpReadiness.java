package io.periscope.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the identity provider's discovery document could be loaded: checked once at start (a
 * log line either way) and again every {@code retry} until it succeeds, so {@code /readyz} can name
 * an unreachable IdP without making the probe itself wait on the network.
 */
public final class IdpReadiness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdpReadiness.class);

  private final OidcClient oidc;
  private final ScheduledExecutorService timer;
  /** Optimistic until the first check (a second or so at start) says otherwise: start-up does not wait on the IdP. */
  private volatile Optional<String> problem = Optional.empty();

  private IdpReadiness(OidcClient oidc, ScheduledExecutorService timer) {
    this.oidc = oidc;
    this.timer = timer;
  }

  public static IdpReadiness start(OidcClient oidc, Duration retry) {
    var timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("idp-readiness").factory());
    var readiness = new IdpReadiness(oidc, timer);
    timer.execute(() -> readiness.check(retry));
    return readiness;
  }

  /** Why sign-in cannot work now, if it cannot. */
  public Optional<String> problem() {
    return problem;
  }

  private void check(Duration retry) {
    Optional<String> found = oidc.discoveryProblem();
    if (found.isEmpty()) {
      log.info("identity provider reachable: {}", oidc.issuer());
      problem = Optional.empty();
      return;
    }
    if (problem.isEmpty() || !found.equals(problem)) {
      log.warn("identity provider unreachable, sign-in fails until it answers (retrying every {}s): {}", retry.toSeconds(), found.get());
    }
    problem = found;
    if (!timer.isShutdown()) {
      timer.schedule(() -> check(retry), retry.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
