package io.periscope.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.periscope.auth.SessionStore;
import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.EncryptionKey;
import io.periscope.storage.SqliteDatabase;
import io.periscope.testkit.TestKeys;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest extends SessionStoreContract {
  @TempDir Path dir;
  private HikariDataSource ds;
  private SessionStore store;
  private final AtRestEncryption encryption = TestKeys.newEncryption();

  @BeforeEach
  void open() {
    ds = SqliteDatabase.open(dir.resolve("periscope.db"));
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
  void sessionsSurviveARestart() {
    store.save(authenticated("s1"));
    ds.close();

    ds = SqliteDatabase.open(dir.resolve("periscope.db"));

    assertThat(new SqlSessionStore(ds, encryption).find("s1")).contains(authenticated("s1"));
  }

  @Test
  void theRowHoldsNoReadableTokenAndAnotherRowsSealCannotBeMovedIn() throws Exception {
    store.save(authenticated("s1"));
    store.save(authenticated("s2"));

    String row = rowOf("s1");
    assertThat(row).doesNotContain("id.token.jwt").doesNotContain("refresh-1").contains("sealedTokens").contains("alice");
    try (var c = ds.getConnection(); var ps = c.prepareStatement("UPDATE sessions SET data = ? WHERE id_hash = 's2'")) {
      ps.setString(1, row);
      ps.executeUpdate();
    }
    assertThat(store.find("s2")).as("a seal is bound to its row").isEmpty();
    assertThat(store.find("s1")).contains(authenticated("s1"));
  }

  @Test
  void aRotatedKeyStillOpensOldRowsWhichAreResealedOnTheirNextSave() throws Exception {
    store.save(authenticated("s1"));
    var next = new AtRestEncryption(EncryptionKey.parse(TestKeys.newKeyText(), "next"), List.of(encryption.current()));
    SessionStore rotated = new SqlSessionStore(ds, next);

    assertThat(rotated.find("s1")).contains(authenticated("s1"));
    rotated.save(authenticated("s1"));
    assertThat(rowOf("s1")).contains(":" + next.current().id() + ":");
    assertThat(store.find("s1")).as("the old key alone no longer opens it: the session has ended").isEmpty();
  }

  @Test
  void theLoginStateKeyIsStoredSealedAndAnotherServerWithTheKeyReadsTheSameOne() throws Exception {
    byte[] key = store.loginStateKey();

    String stored = loginStateRow();
    assertThat(stored).startsWith("v1:" + encryption.current().id() + ":").doesNotContain(Base64.getEncoder().encodeToString(key));
    assertThat(new SqlSessionStore(ds, encryption).loginStateKey()).isEqualTo(key);
    assertThat(loginStateRow()).isEqualTo(stored);
  }

  @Test
  void aLoginStateKeyWrittenReadableByAnEarlierVersionIsKeptAndSealedInPlace() throws Exception {
    byte[] legacy = new byte[32];
    java.util.Arrays.fill(legacy, (byte) 42);
    setLoginStateRow(Base64.getEncoder().encodeToString(legacy));

    assertThat(store.loginStateKey()).isEqualTo(legacy);
    assertThat(loginStateRow()).startsWith("v1:").doesNotContain(Base64.getEncoder().encodeToString(legacy));
    assertThat(new SqlSessionStore(ds, encryption).loginStateKey()).as("read back through the seal").isEqualTo(legacy);
  }

  @Test
  void aLoginStateKeyUnderAPreviousKeyIsResealedAndOneUnderAnUnknownKeyIsReplaced() throws Exception {
    byte[] key = store.loginStateKey();
    var next = new AtRestEncryption(EncryptionKey.parse(TestKeys.newKeyText(), "next"), List.of(encryption.current()));

    assertThat(new SqlSessionStore(ds, next).loginStateKey()).isEqualTo(key);
    assertThat(loginStateRow()).startsWith("v1:" + next.current().id() + ":");

    var unrelated = new AtRestEncryption(EncryptionKey.parse(TestKeys.newKeyText(), "unrelated"), List.of());
    byte[] replaced = new SqlSessionStore(ds, unrelated).loginStateKey();
    assertThat(replaced).hasSize(32).isNotEqualTo(key);
    assertThat(loginStateRow()).startsWith("v1:" + unrelated.current().id() + ":");
    assertThat(new SqlSessionStore(ds, unrelated).loginStateKey()).isEqualTo(replaced);
  }

  private String loginStateRow() throws Exception {
    try (var c = ds.getConnection(); var ps = c.prepareStatement("SELECT value FROM server_secrets WHERE name = 'login-state-key'");
        var rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private void setLoginStateRow(String value) throws Exception {
    try (var c = ds.getConnection(); var ps = c.prepareStatement("INSERT INTO server_secrets (name, value) VALUES ('login-state-key', ?)")) {
      ps.setString(1, value);
      ps.executeUpdate();
    }
  }

  private String rowOf(String idHash) throws Exception {
    try (var c = ds.getConnection(); var ps = c.prepareStatement("SELECT data FROM sessions WHERE id_hash = ?")) {
      ps.setString(1, idHash);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
