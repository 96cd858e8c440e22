package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.PostgresDatabase;
import io.periscope.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The HA audit store: one PostgreSQL database shared by every replica. Appends lock the
 * {@code audit_chain} row ({@code FOR UPDATE}), so replicas extend one chain in turn. Full text
 * is a substring match ({@code ILIKE}-style on a lower-cased generated column) served by a
 * pg_trgm GIN index. Size is {@code pg_total_relation_size('audit_events')}.
 */
public final class PostgresAuditStore extends JdbcAuditStore {

  /** Uses a migrated data source (see {@link PostgresDatabase}); the caller closes it. */
  public PostgresAuditStore(DataSource dataSource) {
    super(dataSource, null);
  }

  private PostgresAuditStore(HikariDataSource owned) {
    super(owned, owned);
  }

  /** Takes ownership of {@code ds}: closing the store closes it. */
  public static PostgresAuditStore owning(HikariDataSource ds) {
    return new PostgresAuditStore(ds);
  }

  /** Opens a pool, migrates with Flyway; closing the store closes the pool. */
  public static PostgresAuditStore open(String jdbcUrl, String user, String password) {
    return new PostgresAuditStore(PostgresDatabase.open(jdbcUrl, user, password));
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  <T> T inWriteTransaction(SqlWork<T> work) {
    try {
      return transaction(Connection.TRANSACTION_READ_COMMITTED, false, work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  <T> T inSnapshot(SqlWork<T> work) throws IOException {
    return transaction(Connection.TRANSACTION_REPEATABLE_READ, true, work);
  }

  private <T> T transaction(int isolation, boolean readOnly, SqlWork<T> work) throws IOException {
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      conn.setTransactionIsolation(isolation);
      conn.setReadOnly(readOnly);
      try {
        T result = work.run(conn);
        conn.commit();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setReadOnly(false);
        conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("postgres audit transaction", e);
    }
  }

  @Override
  String selectChainForUpdate() {
    return CHAIN + " FOR UPDATE";
  }

  @Override
  String textPredicate(List<String> terms, List<Object> params) {
    StringBuilder sql = new StringBuilder("(");
    for (String term : terms) {
      if (sql.length() > 1) {
        sql.append(" AND ");
      }
      sql.append("search_text LIKE ? ESCAPE '\\'");
      params.add("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    return sql.append(')').toString();
  }

  @Override
  void indexText(Connection conn, List<EventRow> rows) {
    // search_text is a generated column indexed by GIN (pg_trgm)
  }

  @Override
  void unindexText(Connection conn, long upToId) {
    // index entries go with the rows
  }

  @Override
  void afterPrune() {
    // autovacuum reclaims the space; the size estimate uses rows, so no VACUUM FULL is needed
  }

  @Override
  public long sizeBytes() {
    try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('audit_events')")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new StorageException("postgres audit size", e);
    }
  }
}
