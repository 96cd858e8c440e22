package io.periscope.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Single-replica session store; sessions are lost on restart. */
public final class InMemorySessionStore implements SessionStore {
  private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final byte[] loginStateKey = SessionIds.randomBytes(32);

  @Override
  public void save(Session session) {
    sessions.put(session.idHash(), session);
  }

  @Override
  public Optional<Session> find(String idHash) {
    return Optional.ofNullable(sessions.get(idHash));
  }

  @Override
  public void delete(String idHash) {
    sessions.remove(idHash);
  }

  @Override
  public int deleteExpired(Instant now, Duration idleTimeout) {
    int before = sessions.size();
    sessions.values().removeIf(s -> !now.isBefore(s.absoluteExpiry()) || !now.isBefore(s.lastSeenAt().plus(idleTimeout)));
    return before - sessions.size();
  }

  @Override
  public java.util.List<String> idHashesOf(String subject) {
    return sessions.values().stream().filter(s -> s.principal().map(p -> p.subject().equals(subject)).orElse(false))
        .map(Session::idHash).toList();
  }

  @Override
  public byte[] loginStateKey() {
    return loginStateKey.clone();
  }
}
