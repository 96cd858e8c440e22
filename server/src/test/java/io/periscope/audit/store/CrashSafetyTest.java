package io.periscope.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.AsyncAuditRecorder;
import io.periscope.audit.AuditEvents;
import io.periscope.audit.FlushOutcome;
import io.periscope.audit.RecorderSettings;
import io.periscope.storage.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events the recorder acknowledged as durable survive the process being killed (SIGKILL, no
 * shutdown hooks), and the chain still verifies: a child JVM writes, reports each ack, keeps
 * writing, and is killed mid-stream.
 */
class CrashSafetyTest {
  @TempDir
  Path dir;

  /** Child process: records batches forever, printing "ACK n" after each durable flush. */
  public static void main(String[] args) throws Exception {
    var ds = SqliteDatabase.open(Path.of(args[0]));
    var store = new SqliteAuditStore(ds);
    var recorder = AsyncAuditRecorder.start(List.of(store), RecorderSettings.DEFAULTS, new SimpleMeterRegistry());
    long n = 0;
    while (true) {
      for (int i = 0; i < 200; i++) {
        recorder.record(AuditEvents.simple("req-" + n, "crash-user"));
        n++;
      }
      if (recorder.flush(Duration.ofSeconds(30)) == FlushOutcome.DURABLE) {
        System.out.println("ACK " + n);
        System.out.flush();
      }
    }
  }

  @Test
  void acknowledgedEventsSurviveAKill() throws Exception {
    Path db = dir.resolve("audit.db");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CrashSafetyTest.class.getName(), db.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long acknowledged = 0;
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged = Long.parseLong(line.substring(4));
          if (acknowledged >= 2_000) {
            break;
          }
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).as("the child acknowledged writes before it was killed").isGreaterThanOrEqualTo(2_000);

    try (var ds = SqliteDatabase.open(db); var store = new SqliteAuditStore(ds)) {
      assertThat(store.count()).isGreaterThanOrEqualTo(acknowledged);
      assertThat(store.verify().ok()).isTrue();
    }
  }
}
