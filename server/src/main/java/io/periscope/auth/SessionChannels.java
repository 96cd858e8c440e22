package io.periscope.auth;

import io.periscope.authz.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties every long-lived channel (live-update stream, long poll, followed log, shell) to the
 * session that opened it, so that all of them end within seconds when the session does:
 * at once on logout, refused refresh or changed groups in this server ({@link SessionManager}
 * tells), and within one {@link #TICK} of the idle or absolute deadline, or within
 * {@code recheck} when the session was ended by another replica sharing the store.
 *
 * <p>Checking a session here never counts as activity: an unattended tab still times out.
 */
public final class SessionChannels implements AutoCloseable {
  /** How often sessions with open channels are looked at. */
  public static final Duration TICK = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(SessionChannels.class);

  private final SessionManager sessions;
  private final Clock clock;
  private final Duration recheck;
  private final Map<String, Tracked> bySession = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("session-channels").daemon().factory());

  /** @param recheck how often the store is re-read for a session with open channels (ends made by other replicas) */
  public SessionChannels(SessionManager sessions, Clock clock, Duration recheck) {
    this.sessions = sessions;
    this.clock = clock;
    this.recheck = recheck;
    sessions.onEnd(this::ended);
    sweeper.scheduleWithFixedDelay(this::sweep, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Calls {@code onEnd} once when the session ends, unless the returned binding was closed first
   * (the channel ended on its own). {@code onEnd} must not block: it closes or wakes the channel.
   */
  public Binding bind(Session session, Consumer<SessionEnd> onEnd) {
    Principal principal = session.principal().orElseThrow();
    SessionBinding binding = new SessionBinding(session.idHash(), onEnd);
    // Added inside compute: the sweeper drops empty entries with computeIfPresent, so a binding
    // can never land in an entry it has just dropped.
    bySession.compute(session.idHash(), (id, t) -> {
      Tracked tracked = t != null && t.principal.sameIdentityAs(principal) ? t : new Tracked(principal, nextCheck(sessions.deadline(session)));
      tracked.channels.add(binding);
      return tracked;
    });
    // The session may have ended between the request's authentication and this binding.
    sessions.check(session.idHash(), principal).ended().ifPresent(why -> ended(session.idHash(), why));
    return binding;
  }

  /** As {@link #bind(Session, Consumer)}; a request without a session (route tests) gets a binding that never fires. */
  public Binding bind(Optional<Session> session, Consumer<SessionEnd> onEnd) {
    return session.map(s -> bind(s, onEnd)).orElse(Binding.NONE);
  }

  /** Channels open now, across all sessions. */
  public int open() {
    return bySession.values().stream().mapToInt(t -> t.channels.size()).sum();
  }

  private void ended(String idHash, SessionEnd why) {
    Tracked tracked = bySession.remove(idHash);
    if (tracked == null) {
      return;
    }
    for (SessionBinding b : tracked.channels) {
      b.fire(why);
    }
  }

  private void sweep() {
    Instant now = clock.instant();
    for (var entry : bySession.entrySet()) {
      Tracked t = entry.getValue();
      if (t.channels.isEmpty()) {
        bySession.computeIfPresent(entry.getKey(), (id, current) -> current.channels.isEmpty() ? null : current);
        continue;
      }
      if (now.isBefore(t.nextCheck)) {
        continue;
      }
      try {
        SessionManager.Check check = sessions.check(entry.getKey(), t.principal);
        if (check.ended().isPresent()) {
          ended(entry.getKey(), check.ended().get());
        } else {
          t.nextCheck = nextCheck(check.deadline());
        }
      } catch (RuntimeException e) {
        // A store outage must not end everyone's streams; look again on the next tick.
        log.warn("session check failed, retried in {}: {}", TICK, e.toString());
      }
    }
  }

  /** The session's deadline, or sooner: the store is re-read and due IdP refreshes are made every {@code recheck}. */
  private Instant nextCheck(Instant deadline) {
    Instant byRecheck = clock.instant().plus(recheck);
    return deadline.isBefore(byRecheck) ? deadline : byRecheck;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private static final class Tracked {
    final Principal principal;
    final List<SessionBinding> channels = new CopyOnWriteArrayList<>();
    volatile Instant nextCheck;

    Tracked(Principal principal, Instant deadline) {
      this.principal = principal;
      this.nextCheck = deadline;
    }
  }

  /** One channel's tie to its session; closing it (the channel ended on its own) forgets the channel. */
  public interface Binding extends AutoCloseable {
    /** A binding that never fires. */
    Binding NONE = new Binding() {
      @Override
      public Optional<SessionEnd> ended() {
        return Optional.empty();
      }

      @Override
      public void close() {}
    };

    /** Why the session ended, once it has (empty while it lives or when the channel ended first). */
    Optional<SessionEnd> ended();

    @Override
    void close();
  }

  private final class SessionBinding implements Binding {
    private final String idHash;
    private final Consumer<SessionEnd> onEnd;
    private volatile Optional<SessionEnd> ended = Optional.empty();
    private volatile boolean closed;

    private SessionBinding(String idHash, Consumer<SessionEnd> onEnd) {
      this.idHash = idHash;
      this.onEnd = onEnd;
    }

    @Override
    public Optional<SessionEnd> ended() {
      return ended;
    }

    private synchronized void fire(SessionEnd why) {
      if (closed || ended.isPresent()) {
        return;
      }
      ended = Optional.of(why);
      try {
        onEnd.accept(why);
      } catch (RuntimeException e) {
        log.warn("closing a channel at session end failed: {}", e.toString());
      }
    }

    @Override
    public synchronized void close() {
      closed = true;
      Tracked t = bySession.get(idHash);
      if (t != null) {
        t.channels.remove(this);
      }
    }
  }
}
