package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.SqliteDatabase;
import java.nio.file.Path;
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
}
