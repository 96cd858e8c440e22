package io.periscope.auth.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.auth.Session;
import io.periscope.auth.SessionStore;
import io.periscope.json.Json;
import io.periscope.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sessions as JSON rows in the {@code sessions} table. The SQL is the same on SQLite and
 * PostgreSQL (both have {@code INSERT ... ON CONFLICT DO UPDATE}), so one class serves both.
 * Expiry columns are kept beside the JSON so {@link #deleteExpired} is one indexed DELETE.
 * Unknown JSON fields are ignored so replicas of adjacent versions can share the table during
 * a rolling upgrade. The row holds the IdP tokens: treat database access as session access.
 */
public final class SqlSessionStore implements SessionStore {
  private static final ObjectMapper JSON = Json.newMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String UPSERT = "INSERT INTO sessions (id_hash, data, last_seen_ms, absolute_expiry_ms) VALUES (?, ?, ?, ?)"
      + " ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, last_seen_ms = excluded.last_seen_ms,"
      + " absolute_expiry_ms = excluded.absolute_expiry_ms";

  private final DataSource dataSource;
  private volatile byte[] loginStateKey;

  /** {@code dataSource} from {@code SqliteDatabase.open} or {@code PostgresDatabase.open} (already migrated). */
  public SqlSessionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void save(Session session) {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(UPSERT)) {
      ps.setString(1, session.idHash());
      ps.setString(2, JSON.writeValueAsString(session));
      ps.setLong(3, session.lastSeenAt().toEpochMilli());
      ps.setLong(4, session.absoluteExpiry().toEpochMilli());
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("save session", e);
    }
  }

  @Override
  public Optional<Session> find(String idHash) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT data FROM sessions WHERE id_hash = ?")) {
      ps.setString(1, idHash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(JSON.readValue(rs.getString(1), Session.class)) : Optional.empty();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("find session", e);
    }
  }

  @Override
  public void delete(String idHash) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
      ps.setString(1, idHash);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("delete session", e);
    }
  }

  @Override
  public int deleteExpired(Instant now, Duration idleTimeout) {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "DELETE FROM sessions WHERE absolute_expiry_ms <= ? OR last_seen_ms <= ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.minus(idleTimeout).toEpochMilli());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("delete expired sessions", e);
    }
  }

  /** Reads every row: an administrator's rare revocation does not justify a subject column and index. */
  @Override
  public java.util.List<String> idHashesOf(String subject) {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement("SELECT id_hash, data FROM sessions");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Session s = JSON.readValue(rs.getString(2), Session.class);
        if (s.principal().map(p -> p.subject().equals(subject)).orElse(false)) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("find sessions of a person", e);
    }
    return out;
  }

  /** Created by the first replica that asks (insert that does nothing when present), then read by all. */
  @Override
  public byte[] loginStateKey() {
    byte[] key = loginStateKey;
    if (key == null) {
      String fresh = java.util.Base64.getEncoder().encodeToString(io.periscope.auth.SessionIds.randomBytes(32));
      try (Connection conn = dataSource.getConnection()) {
        try (PreparedStatement ps = conn.prepareStatement(
            "INSERT INTO server_secrets (name, value) VALUES ('login-state-key', ?) ON CONFLICT (name) DO NOTHING")) {
          ps.setString(1, fresh);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM server_secrets WHERE name = 'login-state-key'");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new StorageException("read the login-state key", new SQLException("no row after insert"));
          }
          key = java.util.Base64.getDecoder().decode(rs.getString(1));
        }
      } catch (SQLException e) {
        throw new StorageException("create or read the login-state key", e);
      }
      loginStateKey = key;
    }
    return key.clone();
  }
}
