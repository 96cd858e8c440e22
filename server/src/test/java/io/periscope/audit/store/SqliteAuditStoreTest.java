package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditStoreTest extends AuditStoreContract {
  @TempDir Path dir;
  private HikariDataSource ds;

  @Override
  AuditStore newStore() {
    ds = SqliteDatabase.open(dir.resolve("audit.db"));
    toClose.add(ds);
    return new SqliteAuditStore(ds);
  }

  @Override
  AuditStore secondStoreOnSameDatabase() {
    return SqliteAuditStore.open(dir.resolve("audit.db"));
  }

  @Override
  DataSource dataSource() {
    return ds;
  }

  @Override
  String branchQueryPlan(String predicate, String value) throws SQLException {
    try (Connection conn = ds.getConnection(); PreparedStatement ps = conn.prepareStatement("EXPLAIN QUERY PLAN SELECT id FROM audit_events WHERE "
        + predicate + " ORDER BY id DESC LIMIT 101")) {
      ps.setString(1, value);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      return plan.toString();
    }
  }
}
