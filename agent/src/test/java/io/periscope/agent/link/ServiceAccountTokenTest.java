package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountTokenTest {
  @TempDir
  Path dir;

  @Test
  void isReReadWhenTheFileChangesAndTrimmed() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "one\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    ServiceAccountToken token = new ServiceAccountToken(file);
    assertThat(token.current()).isEqualTo("one");

    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T01:00:00Z")));

    assertThat(token.current()).isEqualTo("two");
  }

  @Test
  void aMissingFileNamesThePath() {
    ServiceAccountToken token = new ServiceAccountToken(dir.resolve("absent"));
    assertThatThrownBy(token::current).isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent");
  }
}
