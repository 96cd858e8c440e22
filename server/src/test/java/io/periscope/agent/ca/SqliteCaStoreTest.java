package io.periscope.agent.ca;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteCaStoreTest extends CaStoreContract {
  @TempDir
  Path dbDir;
  private final List<HikariDataSource> pools = new ArrayList<>();

  @Override
  DataSource database() {
    return pools.isEmpty() ? anotherPool() : pools.getFirst();
  }

  @Override
  DataSource anotherPool() {
    HikariDataSource ds = SqliteDatabase.open(dbDir.resolve("periscope.db"));
    pools.add(ds);
    return ds;
  }

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
  }
}
