package io.periscope.agent.ca;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

class PostgresCaStoreTest extends CaStoreContract {
  private final List<HikariDataSource> pools = new ArrayList<>();

  @Override
  DataSource database() {
    if (pools.isEmpty()) {
      pools.add(TestPostgres.newMigratedDatabase());
    }
    return pools.getFirst();
  }

  @Override
  DataSource anotherPool() {
    HikariDataSource ds = TestPostgres.anotherPool((HikariDataSource) database());
    pools.add(ds);
    return ds;
  }

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
  }
}
