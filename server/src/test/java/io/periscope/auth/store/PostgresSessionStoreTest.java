package io.periscope.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.auth.SessionStore;
import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.TestPostgres;
import io.periscope.testkit.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresSessionStoreTest extends SessionStoreContract {
  private HikariDataSource ds;
  private SessionStore store;
  private final AtRestEncryption encryption = TestKeys.newEncryption();

  @BeforeEach
  void open() {
    ds = TestPostgres.newMigratedDatabase();
    store = new SqlSessionStore(ds, encryption);
  }

  @AfterEach
  void close() {
    ds.close();
  }

  @Override
  SessionStore store() {
    return store;
  }

  @Test
  void twoReplicasOnOneDatabaseSeeEachOthersSessions() {
    try (HikariDataSource otherPool = TestPostgres.anotherPool(ds)) {
      SessionStore replicaA = store;
      SessionStore replicaB = new SqlSessionStore(otherPool, encryption);

      replicaA.save(authenticated("login-on-a"));
      assertThat(replicaB.find("login-on-a")).contains(authenticated("login-on-a"));

      replicaB.save(authenticated("login-on-a").touched(NOW));
      assertThat(replicaA.find("login-on-a")).contains(authenticated("login-on-a").touched(NOW));

      replicaB.delete("login-on-a");
      assertThat(replicaA.find("login-on-a")).isEmpty();
    }
  }

  @Test
  void replicasShareOneLoginStateKeySoEitherCanFinishALoginTheOtherStarted() {
    try (HikariDataSource otherPool = TestPostgres.anotherPool(ds)) {
      byte[] a = store.loginStateKey();
      byte[] b = new SqlSessionStore(otherPool, encryption).loginStateKey();
      assertThat(a).hasSize(32).isEqualTo(b);
    }
  }
}
