package io.periscope.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired sessions from the store every few minutes, so a store shared by replicas does
 * not keep the rows of people who never signed out. Expiry itself is enforced on every request;
 * this only reclaims space.
 */
public final class SessionSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);

  private final ScheduledExecutorService timer;

  private SessionSweeper(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public static SessionSweeper start(SessionStore store, Duration idleTimeout, Duration every, Clock clock) {
    var timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("session-sweeper").daemon().factory());
    timer.scheduleWithFixedDelay(() -> {
      try {
        store.deleteExpired(clock.instant(), idleTimeout);
      } catch (RuntimeException e) {
        log.warn("expired-session sweep failed: {}", e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return new SessionSweeper(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
