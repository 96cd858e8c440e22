package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every repository path the deployment docs name exists (docs that point at missing files rot). */
class DocsPathsTest {

  private static final Pattern PATH =
      Pattern.compile("(?<![\\w/.-])((?:deploy|docs|charts)/[\\w./-]+|templates/[\\w.-]+\\.(?:yaml|tpl|txt))");

  @ParameterizedTest
  @ValueSource(strings = {"docs/setup/install.md", "docs/security/rbac-posture.md"})
  void namedPathsExist(String doc) throws IOException {
    Path root = Charts.repoRoot();
    String text = Files.readString(root.resolve(doc));
    List<String> missing = new ArrayList<>();
    Matcher m = PATH.matcher(text);
    while (m.find()) {
      String path = m.group(1).replaceAll("[.)]+$", "");
      boolean exists = path.startsWith("templates/")
          ? Files.exists(Charts.Chart.SERVER.path().resolve(path)) || Files.exists(Charts.Chart.AGENT.path().resolve(path))
          : Files.exists(root.resolve(path));
      if (!exists) {
        missing.add(path);
      }
    }
    assertThat(missing).as("paths named in %s", doc).isEmpty();
  }
}
