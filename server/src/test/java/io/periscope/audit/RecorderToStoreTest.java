package io.periscope.audit;

import static io.periscope.audit.AuditEvents.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.periscope.audit.store.SqliteAuditStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production pipeline end to end: recorder → SQLite store + stdout sink. */
class RecorderToStoreTest {
  @TempDir Path dir;

  @Test
  void acknowledgedEventsAreInTheStoreAndOnStdoutAndSurviveAReopen() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Path file = dir.resolve("audit.db");
    try (SqliteAuditStore store = SqliteAuditStore.open(file);
        AsyncAuditRecorder recorder = AsyncAuditRecorder.start(
            List.of(store, new StdoutJsonSink(new PrintStream(stdout, true, StandardCharsets.UTF_8))),
            RecorderSettings.DEFAULTS, new SimpleMeterRegistry())) {
      IntStream.range(0, 2_000).forEach(i -> recorder.record(simple("r" + i, "alice")));

      assertThat(recorder.flush(Duration.ofSeconds(60))).isEqualTo(FlushOutcome.DURABLE);
    }

    try (SqliteAuditStore reopened = SqliteAuditStore.open(file)) {
      assertThat(reopened.count()).isEqualTo(2_000);
      assertThat(reopened.verify().ok()).isTrue();
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).hasSize(2_000);
  }
}
