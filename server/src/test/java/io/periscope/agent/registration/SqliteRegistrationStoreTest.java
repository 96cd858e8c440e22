package io.periscope.agent.registration;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistrationStoreTest extends RegistrationStoreContract {
  @TempDir
  Path dbDir;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private RegistrationStore store;

  @BeforeEach
  void open() {
    store = new SqlRegistrationStore(pool());
  }

  private HikariDataSource pool() {
    HikariDataSource ds = SqliteDatabase.open(dbDir.resolve("periscope.db"));
    pools.add(ds);
    return ds;
  }

  @AfterEach
  void close() {
    pools.forEach(HikariDataSource::close);
  }

  @Override
  RegistrationStore store() {
    return store;
  }

  @Override
  RegistrationStore restarted() {
    pools.getFirst().close();
    store = new SqlRegistrationStore(pool());
    return store;
  }

  @Override
  RegistrationStore otherReplica() {
    return new SqlRegistrationStore(pool());
  }

  @Override
  List<String> allStoredText() {
    return StoredText.of(pools.getLast());
  }
}
