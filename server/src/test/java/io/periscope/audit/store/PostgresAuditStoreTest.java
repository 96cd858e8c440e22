package io.periscope.audit.store;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.TestPostgres;
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
}
