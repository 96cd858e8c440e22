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

/** Every repository path and relative link the operator docs name exists (docs that point at missing files rot). */
class DocsPathsTest {

  private static final Pattern PATH =
      Pattern.compile("(?<![\\w/.-])((?:deploy|docs|charts)/[\\w./-]+|templates/[\\w.-]+\\.(?:yaml|tpl|txt))");
  /** Markdown links to other docs, {@code [text](target.md#anchor)}; web links are not checked. */
  private static final Pattern LINK = Pattern.compile("\\]\\((?!https?:)([^)#\\s]*)(?:#([^)\\s]*))?\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

  @ParameterizedTest
  @ValueSource(strings = {
    "docs/setup/install.md", "docs/security/rbac-posture.md", "docs/setup/cluster-rbac.md", "docs/setup/audit.md",
    "docs/helm-releases.md", "docs/troubleshooting.md", "docs/faq.md", "docs/operations.md", "README.md"})
  void namedPathsAndLinksExist(String doc) throws IOException {
    Path root = Charts.repoRoot();
    Path file = root.resolve(doc);
    String text = Files.readString(file);
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
    Matcher link = LINK.matcher(text);
    while (link.find()) {
      Path target = link.group(1).isEmpty() ? file : file.getParent().resolve(link.group(1)).normalize();
      if (!Files.exists(target)) {
        missing.add("link " + link.group(1));
      } else if (link.group(2) != null && target.toString().endsWith(".md") && !anchors(target).contains(link.group(2))) {
        missing.add("anchor " + link.group(1) + "#" + link.group(2));
      }
    }
    assertThat(missing).as("paths named in %s", doc).isEmpty();
  }

  /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens. */
  static List<String> anchors(Path markdown) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher h = HEADING.matcher(Files.readString(markdown).replaceAll("(?ms)^```.*?^```", ""));
    while (h.find()) {
      out.add(h.group(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return out;
  }
}
