package io.periscope.config;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The config file plus {@code PERISCOPE_*} variables: a valid configuration, or a
 * {@link ConfigException} naming the key, so start-up fails with a sentence and not a stack trace.
 *
 * <p>An input is the YAML file, optionally followed by a line {@code #env} and {@code NAME=value}
 * lines for the environment.
 */
class ConfigLoaderFuzzTest {
  private static final String ENV_MARKER = "\n#env\n";
  private static Path dir;
  private static Path file;
  private static SilentCloseable anyPath;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("periscope-config-fuzz");
    file = dir.resolve("config.yaml");
  }

  @AfterAll
  static void removeFile() throws IOException {
    if (anyPath != null) {
      anyPath.close();
    }
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest
  void configFile(byte[] data) {
    // The config names files on purpose (secrets, CA keys): reading them is its job, not a path traversal.
    // Set as each execution starts, as Jazzer asks: its detectors exist only once its agent is in (see
    // FuzzChecks.bugDetectorsLoaded); the first allowance is undone after the class.
    SilentCloseable allowed = BugDetectors.setFilePathTraversalAllowPath(p -> true);
    if (anyPath == null) {
      anyPath = allowed;
    }
    String input = FuzzChecks.text(data);
    int cut = input.indexOf(ENV_MARKER);
    String yaml = cut < 0 ? input : input.substring(0, cut);
    Map<String, String> env = new LinkedHashMap<>();
    if (cut >= 0) {
      for (String line : input.substring(cut + ENV_MARKER.length()).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FuzzChecks.onlyRefusals(input, ConfigException.class, () -> ConfigLoader.load(Optional.of(file), env, Map.of()));
  }
}
