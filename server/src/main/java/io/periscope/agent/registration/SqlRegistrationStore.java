package io.periscope.agent.registration;

import io.periscope.storage.StorageException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Registration state in the server's database (tables from migrations V3 and V7). The SQL is the same
 * on SQLite and PostgreSQL. Redeeming a token is a conditional UPDATE, so of two replicas
 * presented the same token only one wins. Revocation is read on every tunnel call, so a
 * revocation made on one replica applies on the others at their next call.
 */
public final class SqlRegistrationStore implements RegistrationStore {
  private final DataSource dataSource;

  /** {@code dataSource} from {@code SqliteDatabase.open} or {@code PostgresDatabase.open} (already migrated). */
  public SqlRegistrationStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void putToken(TokenRecord token) {
    update("store agent token", "INSERT INTO agent_tokens (token_hash, cluster, expires_at_ms, used) VALUES (?, ?, ?, ?)",
        token.hash(), token.cluster(), token.expiresAt().toEpochMilli(), token.used() ? 1 : 0);
  }

  @Override
  public Optional<TokenRecord> markUsed(String hash) {
    try (Connection conn = dataSource.getConnection()) {
      int changed;
      try (PreparedStatement ps = conn.prepareStatement("UPDATE agent_tokens SET used = 1 WHERE token_hash = ? AND used = 0")) {
        ps.setString(1, hash);
        changed = ps.executeUpdate();
      }
      try (PreparedStatement ps = conn.prepareStatement("SELECT cluster, expires_at_ms FROM agent_tokens WHERE token_hash = ?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          // This call flipped it: it was unused before. Otherwise someone already had: a replay.
          return Optional.of(new TokenRecord(hash, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), changed == 0));
        }
      }
    } catch (SQLException e) {
      throw new StorageException("redeem agent token", e);
    }
  }

  @Override
  public void recordIssued(IssuedCertificate c) {
    inTransaction("record agent certificate",
        new Statement("INSERT INTO agent_certificates (serial, cluster, not_after_ms) VALUES (?, ?, ?)",
            hex(c.serial()), c.cluster(), c.notAfter().toEpochMilli()),
        // a new certificate for a deregistered cluster (re-registration) brings it back
        new Statement("DELETE FROM agent_deregistrations WHERE cluster = ?", c.cluster()));
  }

  @Override
  public Optional<IssuedCertificate> issued(BigInteger serial) {
    List<IssuedCertificate> found = query("SELECT serial, cluster, not_after_ms FROM agent_certificates WHERE serial = ?", hex(serial));
    return found.stream().findFirst();
  }

  @Override
  public List<IssuedCertificate> issued() {
    return query("SELECT serial, cluster, not_after_ms FROM agent_certificates ORDER BY not_after_ms, serial");
  }

  @Override
  public void revoke(BigInteger serial, Instant at) {
    update("revoke agent certificate", "INSERT INTO agent_revocations (serial, revoked_at_ms) VALUES (?, ?) ON CONFLICT (serial) DO NOTHING",
        hex(serial), at.toEpochMilli());
  }

  @Override
  public boolean revoked(BigInteger serial) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM agent_revocations WHERE serial = ?")) {
      ps.setString(1, hex(serial));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StorageException("check agent certificate revocation", e);
    }
  }

  @Override
  public void deregister(String cluster, Instant at) {
    inTransaction("deregister agent cluster",
        new Statement("INSERT INTO agent_revocations (serial, revoked_at_ms)"
            + " SELECT serial, ? FROM agent_certificates WHERE cluster = ? ON CONFLICT (serial) DO NOTHING", at.toEpochMilli(), cluster),
        new Statement("DELETE FROM agent_tokens WHERE cluster = ? AND used = 0", cluster),
        new Statement("DELETE FROM agent_cluster_identities WHERE cluster = ?", cluster),
        new Statement("INSERT INTO agent_deregistrations (cluster, deregistered_at_ms) VALUES (?, ?)"
            + " ON CONFLICT (cluster) DO UPDATE SET deregistered_at_ms = excluded.deregistered_at_ms", cluster, at.toEpochMilli()));
  }

  @Override
  public Optional<Instant> deregisteredAt(String cluster) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT deregistered_at_ms FROM agent_deregistrations WHERE cluster = ?")) {
      ps.setString(1, cluster);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("read agent deregistration", e);
    }
  }

  @Override
  public Optional<ClusterBinding> binding(String cluster) {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT uid, bound_at_ms, conflict_uid, conflict_first_seen_ms, conflict_last_seen_ms"
            + " FROM agent_cluster_identities WHERE cluster = ?")) {
      ps.setString(1, cluster);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String conflictUid = rs.getString(3);
        Conflict conflict = conflictUid == null ? null
            : new Conflict(conflictUid, Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)));
        return Optional.of(new ClusterBinding(cluster, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), conflict));
      }
    } catch (SQLException e) {
      throw new StorageException("read agent cluster identity", e);
    }
  }

  @Override
  public ClusterBinding bindIfUnbound(String cluster, String uid, Instant at) {
    // Of two replicas binding at once the first insert wins; both then read the winner.
    update("bind agent cluster identity", "INSERT INTO agent_cluster_identities (cluster, uid, bound_at_ms) VALUES (?, ?, ?)"
        + " ON CONFLICT (cluster) DO NOTHING", cluster, uid, at.toEpochMilli());
    return binding(cluster).orElseThrow(() -> new StorageException(
        "bind agent cluster identity: the binding of cluster '" + cluster + "' vanished as it was made (deregistered meanwhile?)"));
  }

  @Override
  public void recordConflict(String cluster, String uid, Instant at) {
    // Right-hand sides read the row as it was, so first-seen stays only while the same UID keeps coming.
    update("record agent cluster identity conflict", "UPDATE agent_cluster_identities SET"
        + " conflict_first_seen_ms = CASE WHEN conflict_uid = ? THEN conflict_first_seen_ms ELSE ? END,"
        + " conflict_uid = ?, conflict_last_seen_ms = ? WHERE cluster = ?",
        uid, at.toEpochMilli(), uid, at.toEpochMilli(), cluster);
  }

  @Override
  public void rebind(String cluster, String uid, Instant at) {
    update("re-bind agent cluster identity", "INSERT INTO agent_cluster_identities (cluster, uid, bound_at_ms) VALUES (?, ?, ?)"
        + " ON CONFLICT (cluster) DO UPDATE SET uid = excluded.uid, bound_at_ms = excluded.bound_at_ms,"
        + " conflict_uid = NULL, conflict_first_seen_ms = NULL, conflict_last_seen_ms = NULL", cluster, uid, at.toEpochMilli());
  }

  private static String hex(BigInteger serial) {
    return serial.toString(16);
  }

  private record Statement(String sql, Object... args) {}

  private void update(String what, String sql, Object... args) {
    try (Connection conn = dataSource.getConnection()) {
      execute(conn, new Statement(sql, args));
    } catch (SQLException e) {
      throw new StorageException(what, e);
    }
  }

  /** Runs the statements in one transaction: all of them or none. */
  private void inTransaction(String what, Statement... statements) {
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      try {
        for (Statement st : statements) {
          execute(conn, st);
        }
        conn.commit();
      } catch (SQLException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException(what, e);
    }
  }

  private static void execute(Connection conn, Statement st) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(st.sql())) {
      for (int i = 0; i < st.args().length; i++) {
        ps.setObject(i + 1, st.args()[i]);
      }
      ps.executeUpdate();
    }
  }

  private List<IssuedCertificate> query(String sql, Object... args) {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<IssuedCertificate> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new IssuedCertificate(new BigInteger(rs.getString(1), 16), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("read agent certificates", e);
    }
  }
}
