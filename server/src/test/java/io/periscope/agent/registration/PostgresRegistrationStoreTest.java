package io.periscope.agent.registration;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.storage.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresRegistrationStoreTest extends RegistrationStoreContract {
  private final List<HikariDataSource> pools = new ArrayList<>();
  private HikariDataSource first;
  private RegistrationStore store;

  @BeforeEach
  void open() {
    first = TestPostgres.newMigratedDatabase();
    pools.add(first);
    store = new SqlRegistrationStore(first);
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
    HikariDataSource ds = TestPostgres.anotherPool(first);
    pools.add(ds);
    store = new SqlRegistrationStore(ds);
    return store;
  }

  @Override
  RegistrationStore otherReplica() {
    HikariDataSource ds = TestPostgres.anotherPool(first);
    pools.add(ds);
    return new SqlRegistrationStore(ds);
  }

  @Override
  List<String> allStoredText() {
    return StoredText.of(first);
  }
}
