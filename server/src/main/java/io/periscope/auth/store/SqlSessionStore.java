package io.periscope.auth.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.auth.Session;
import io.periscope.auth.SessionStore;
import io.periscope.json.Json;
import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions as JSON rows in the {@code sessions} table. The SQL is the same on SQLite and
 * PostgreSQL (both have {@code INSERT ... ON CONFLICT DO UPDATE}), so one class serves both.
 * Expiry columns are kept beside the JSON so {@link #deleteExpired} is one indexed DELETE.
 * Unknown JSON fields are ignored so replicas of adjacent versions can share the table during
 * a rolling upgrade.
 *
 * <p>The IdP's tokens (ID token, refresh token) are never stored readable: they are sealed with
 * AES-256-GCM under the storage key ({@code storage.keyFile}), bound to the row's id, in the
 * {@code sealedTokens} field. A row sealed under a key the server no longer has is a session that
 * ended (the person signs in again); a row from before sealing is read once and sealed on its next save.
 */
public final class SqlSessionStore implements SessionStore {
  private static final ObjectMapper JSON = Json.newMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String UPSERT = "INSERT INTO sessions (id_hash, data, last_seen_ms, absolute_expiry_ms) VALUES (?, ?, ?, ?)"
      + " ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, last_seen_ms = excluded.last_seen_ms,"
      + " absolute_expiry_ms = excluded.absolute_expiry_ms";

  private static final Logger log = LoggerFactory.getLogger(SqlSessionStore.class);
  private static final String SEALED = "sealedTokens";
  private static final String TOKENS = "tokens";
  private static final String LOGIN_STATE_KEY = "login-state-key";
  private static final byte[] LOGIN_STATE_CONTEXT = "periscope login-state key".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final DataSource dataSource;
  private final AtRestEncryption encryption;
  private volatile byte[] loginStateKey;

  /**
   * @param dataSource the server's (migrated) database
   * @param encryption seals the IdP tokens
   */
  public SqlSessionStore(DataSource dataSource, AtRestEncryption encryption) {
    this.dataSource = dataSource;
    this.encryption = encryption;
  }

  /** The row's JSON: the session with its tokens sealed. */
  private String toRow(Session session) throws JsonProcessingException {
    ObjectNode row = JSON.valueToTree(session);
    JsonNode tokens = row.remove(TOKENS);
    if (tokens != null && !tokens.isNull()) {
      row.put(SEALED, encryption.seal(JSON.writeValueAsBytes(tokens), context(session.idHash())));
    }
    return JSON.writeValueAsString(row);
  }

  /** The session of a row, or empty when its tokens were sealed under a key this server was not given. */
  private Optional<Session> fromRow(String idHash, String text) throws JsonProcessingException {
    ObjectNode row = (ObjectNode) JSON.readTree(text);
    JsonNode sealed = row.remove(SEALED);
    if (sealed != null && sealed.isTextual()) {
      try {
        byte[] tokens = encryption.open("the IdP tokens of a session", sealed.asText(), context(idHash)).plaintext();
        row.set(TOKENS, JSON.readTree(new String(tokens, java.nio.charset.StandardCharsets.UTF_8)));
      } catch (StorageException e) {
        log.warn("a session's tokens cannot be opened ({}); it is treated as ended", e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(JSON.treeToValue(row, Session.class));
  }

  private static byte[] context(String idHash) {
    return ("periscope session tokens " + idHash).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void save(Session session) {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(UPSERT)) {
      ps.setString(1, session.idHash());
      ps.setString(2, toRow(session));
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
        return rs.next() ? fromRow(idHash, rs.getString(1)) : Optional.empty();
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
        // Only the principal is needed: the sealed tokens stay closed.
        JsonNode principal = JSON.readTree(rs.getString(2)).path("principal");
        if (principal.path("subject").asText("").equals(subject)) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("find sessions of a person", e);
    }
    return out;
  }

  /**
   * Created by the first replica that asks (an insert that does nothing when present), then read by
   * all. Kept sealed under the storage key like the IdP tokens (it signs the login state cookie). A
   * value an earlier version wrote readable is sealed in place; one sealed under a previous key is
   * resealed; one under a key this server was not given is replaced, which only fails logins that
   * were in flight, as the sessions under that key have ended too.
   */
  @Override
  public byte[] loginStateKey() {
    byte[] key = loginStateKey;
    if (key == null) {
      try (Connection conn = dataSource.getConnection()) {
        try (PreparedStatement ps = conn.prepareStatement(
            "INSERT INTO server_secrets (name, value) VALUES ('" + LOGIN_STATE_KEY + "', ?) ON CONFLICT (name) DO NOTHING")) {
          ps.setString(1, sealLoginStateKey(io.periscope.auth.SessionIds.randomBytes(32)));
          ps.executeUpdate();
        }
        key = openLoginStateKey(conn, readLoginStateKey(conn));
      } catch (SQLException e) {
        throw new StorageException("create or read the login-state key", e);
      }
      loginStateKey = key;
    }
    return key.clone();
  }

  private String sealLoginStateKey(byte[] key) {
    return encryption.seal(key, LOGIN_STATE_CONTEXT);
  }

  private static String readLoginStateKey(Connection conn) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM server_secrets WHERE name = '" + LOGIN_STATE_KEY + "'");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StorageException("read the login-state key", new SQLException("no row after insert"));
      }
      return rs.getString(1);
    }
  }

  private byte[] openLoginStateKey(Connection conn, String stored) throws SQLException {
    if (!stored.startsWith("v1:")) {
      byte[] key = java.util.Base64.getDecoder().decode(stored);
      replaceLoginStateKey(conn, stored, sealLoginStateKey(key));
      return key;
    }
    try {
      AtRestEncryption.Opened opened = encryption.open("the login-state key", stored, LOGIN_STATE_CONTEXT);
      if (opened.underPreviousKey()) {
        replaceLoginStateKey(conn, stored, sealLoginStateKey(opened.plaintext()));
      }
      return opened.plaintext();
    } catch (AtRestEncryption.WrongKeyException e) {
      log.warn("the login-state key was sealed under a storage key this server was not given; a new one replaces it"
          + " (sign-ins in progress start again)");
      replaceLoginStateKey(conn, stored, sealLoginStateKey(io.periscope.auth.SessionIds.randomBytes(32)));
      return encryption.open("the login-state key", readLoginStateKey(conn), LOGIN_STATE_CONTEXT).plaintext();
    }
  }

  /** Replaces the stored value only if it is still {@code expected}: of replicas doing this at once, one wins. */
  private static void replaceLoginStateKey(Connection conn, String expected, String sealed) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("UPDATE server_secrets SET value = ? WHERE name = '" + LOGIN_STATE_KEY + "' AND value = ?")) {
      ps.setString(1, sealed);
      ps.setString(2, expected);
      ps.executeUpdate();
    }
  }
}
