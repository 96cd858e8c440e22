package io.periscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the wall-clock guard really moved the clock: a new file's modification time is stamped
 * by the kernel with the real time, which libfaketime does not change, while the JVM's own clock
 * is moved. Without the shift (the normal run) both agree.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class WallClockGuardTest {
  static final String SHIFT_PROPERTY = "periscope.test.wallClockShiftDays";

  @TempDir
  Path dir;

  @Test
  void theJvmClockIsAheadOfTheKernelsByTheGuardsShift() throws IOException {
    long shiftDays = Long.parseLong(System.getProperty(SHIFT_PROPERTY, "0"));
    Instant real = Files.getLastModifiedTime(Files.createFile(dir.resolve("now"))).toInstant();
    Duration ahead = Duration.between(real, Instant.now());

    assertThat(ahead)
        .as("JVM clock minus the kernel's file time; with a shift, libfaketime must be installed "
            + "(apt-get install faketime) at the path of -Dfaketime.library")
        .isBetween(Duration.ofDays(shiftDays).minusMinutes(1), Duration.ofDays(shiftDays).plusMinutes(1));
  }
}
