package io.periscope.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.auth.SessionStore;
import io.periscope.storage.SqliteDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest extends SessionStoreContract {
  @TempDir Path dir;
  private HikariDataSource ds;
  private SessionStore store;

  @BeforeEach
  void open() {
    ds = SqliteDatabase.open(dir.resolve("periscope.db"));
    store = new SqlSessionStore(ds);
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
  void sessionsSurviveARestart() {
    store.save(authenticated("s1"));
    ds.close();

    ds = SqliteDatabase.open(dir.resolve("periscope.db"));

    assertThat(new SqlSessionStore(ds).find("s1")).contains(authenticated("s1"));
  }
}
