package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevDatabasePathTest {
  @Test
  void storageSqlitePathNamesTheFileAndItsOldNameStillDoes() {
    assertThat(DevServer.namedDatabase(Map.of("PERISCOPE_STORAGE_SQLITE_PATH", "/data/new.db", "PERISCOPE_AUDIT_SQLITE_PATH", "/data/old.db")))
        .contains(Path.of("/data/new.db"));
    assertThat(DevServer.namedDatabase(Map.of("PERISCOPE_AUDIT_SQLITE_PATH", "/data/old.db"))).contains(Path.of("/data/old.db"));
    assertThat(DevServer.namedDatabase(Map.of("PERISCOPE_STORAGE_SQLITE_PATH", " "))).isEmpty();
    assertThat(DevServer.namedDatabase(Map.of())).isEmpty();
  }
}
