package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

class PostgresAuditStoreTest extends AuditStoreContract {
  private HikariDataSource ds;

  @Override
  AuditStore newStore() {
    ds = TestPostgres.newMigratedDatabase();
    toClose.add(ds);
    return new PostgresAuditStore(ds);
  }

  @Override
  AuditStore secondStoreOnSameDatabase() {
    HikariDataSource second = TestPostgres.anotherPool(ds);
    toClose.add(second);
    return new PostgresAuditStore(second);
  }

  @Override
  DataSource dataSource() {
    return ds;
  }

  /**
   * A test table is small enough to read whole, and an actor's ten rows cheap to sort, so sequential and
   * bitmap scans are ruled out to see what the index serves: the rows in id order, as for a busy actor.
   */
  @Override
  String branchQueryPlan(String predicate, String value) throws SQLException {
    try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
      st.execute("ANALYZE audit_events");
      st.execute("SET enable_seqscan = off");
      st.execute("SET enable_bitmapscan = off");
      try (PreparedStatement ps = conn.prepareStatement("EXPLAIN SELECT id FROM audit_events WHERE "
          + predicate + " ORDER BY id DESC LIMIT 101")) {
        ps.setString(1, value);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        return plan.toString();
      } finally {
        st.execute("RESET enable_seqscan");
        st.execute("RESET enable_bitmapscan");
      }
    }
  }
}
