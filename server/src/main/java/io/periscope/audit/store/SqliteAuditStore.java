package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.SqliteDatabase;
import io.periscope.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The single-replica audit store: one SQLite file (WAL, see {@link SqliteDatabase}), full text
 * through the contentless FTS5 table {@code audit_fts} (token-prefix matching: {@code ali}
 * finds {@code alice@corp}). Size is the file's used pages, so it drops as soon as rows are pruned.
 */
public final class SqliteAuditStore extends JdbcAuditStore {

  /** Uses a data source from {@link SqliteDatabase#open}; the caller closes it. */
  public SqliteAuditStore(DataSource dataSource) {
    super(dataSource, null);
  }

  private SqliteAuditStore(HikariDataSource owned) {
    super(owned, owned);
  }

  /** Opens (creating and migrating if needed) the file; closing the store closes the pool. */
  public static SqliteAuditStore open(Path file) {
    return new SqliteAuditStore(SqliteDatabase.open(file));
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  <T> T inWriteTransaction(SqlWork<T> work) {
    try {
      return transaction("BEGIN IMMEDIATE", work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  <T> T inSnapshot(SqlWork<T> work) throws IOException {
    return transaction("BEGIN DEFERRED", work);
  }

  private <T> T transaction(String begin, SqlWork<T> work) throws IOException {
    try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
      st.execute(begin);
      try {
        T result = work.run(conn);
        st.execute("COMMIT");
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("sqlite audit transaction", e);
    }
  }

  @Override
  String selectChainForUpdate() {
    return CHAIN;
  }

  @Override
  String textPredicate(List<String> terms, List<Object> params) {
    params.add(terms.stream().map(t -> "\"" + t.replace("\"", "\"\"") + "\"*").collect(Collectors.joining(" AND ")));
    return "id IN (SELECT rowid FROM audit_fts WHERE audit_fts MATCH ?)";
  }

  @Override
  void indexText(Connection conn, List<EventRow> rows) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO audit_fts (rowid, actor, target, reason) VALUES (?, ?, ?, ?)")) {
      for (EventRow r : rows) {
        ps.setLong(1, r.id());
        ps.setString(2, r.actorSub() + " " + r.actorEmail());
        ps.setString(3, r.targetText());
        ps.setString(4, r.reason());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  void unindexText(Connection conn, long upToId) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM audit_fts WHERE rowid <= ?")) {
      ps.setLong(1, upToId);
      ps.executeUpdate();
    }
  }

  @Override
  void afterPrune() {
    try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
      st.execute("PRAGMA incremental_vacuum");
      st.execute("PRAGMA optimize");
    } catch (SQLException e) {
      throw new StorageException("sqlite incremental vacuum after prune", e);
    }
  }

  @Override
  public long sizeBytes() {
    try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
      long usedPages = pragma(st, "page_count") - pragma(st, "freelist_count");
      return Math.max(0, usedPages) * pragma(st, "page_size");
    } catch (SQLException e) {
      throw new StorageException("sqlite audit size", e);
    }
  }

  private static long pragma(Statement st, String name) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
