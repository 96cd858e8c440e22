package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document names only things that exist: relative links and their {@code #anchors},
 * repository paths, chart templates and the Java packages and classes it mentions. (Javadoc {@code {@link}}s are checked by the compiler:
 * {@code -Xdoclint:reference} in the parent POM.)
 */
class DocsPathsTest {
  private static final Path ROOT = Charts.repoRoot();
  /** Where a {@code package.Class} named in a doc may live. */
  private static final List<Path> JAVA_ROOTS = Stream.of("server/src/main/java", "server/src/test/java", "agent/src/main/java",
      "agent/src/test/java", "demo/src/main/java", "demo/src/test/java", "e2e/src/test/java", "bench/src/main/java",
      "charts/src/test/java").map(p -> ROOT.resolve(p).resolve("io/periscope")).toList();
  private static final Set<String> TOP_LEVEL = topLevelEntries();
  private static final Set<String> PACKAGES = firstPackageSegments();

  private static final Set<String> FILE_TYPES = Set.of("yaml", "yml", "json", "crt", "key", "pem", "db", "md", "txt", "sql", "xml",
      "jar", "tgz", "csv", "ndjson", "sh", "properties");

  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern JAVA_NAME = Pattern.compile("(?:io\\.periscope\\.)?([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)(?:\\.([A-Z]\\w*))?(?:[#.][a-z]\\w*(?:\\(\\))?)?");

  @Test
  void everyLinkPathAndJavaNameInTheDocsExists() {
    List<String> missing = new ArrayList<>();
    for (Path doc : documents()) {
      String text = read(doc);
      String where = ROOT.relativize(doc).toString();
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1).replaceAll("#.*$", "");
        String anchor = link.group(1).contains("#") ? link.group(1).substring(link.group(1).indexOf('#') + 1) : null;
        if (target.matches("^[a-z]+:.*")) {
          continue; // http(s), mailto
        }
        Path file = target.isEmpty() ? doc : doc.getParent().resolve(target).normalize();
        if (!Files.exists(file)) {
          missing.add(where + ": link " + link.group(1));
        } else if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
          missing.add(where + ": anchor " + link.group(1));
        }
      }
      Matcher code = CODE.matcher(text);
      while (code.find()) {
        String span = code.group(1).trim();
        check(span).ifPresent(problem -> missing.add(where + ": `" + span + "` " + problem));
      }
    }
    assertThat(missing).as("names in the docs with nothing behind them").isEmpty();
  }

  @Test
  void theCheckSeesTheDocsAndCatchesAMissingName() {
    assertThat(documents()).extracting(p -> ROOT.relativize(p).toString())
        .contains("README.md", "docs/architecture.md", "docs/configuration.md", "docs/api.md");
    assertThat(check("auth.NoSuchClass")).isPresent();
    assertThat(check("stream.nosuchpackage")).isPresent();
    assertThat(check("server/src/main/java/io/periscope/NoSuchFile.java")).isPresent();
    assertThat(check("auth.http.SessionFilter")).isEmpty();
    assertThat(check("io.periscope.audit.AuditTrail#run")).isEmpty();
    assertThat(check("docs/architecture.md")).isEmpty();
    assertThat(check("templates/no-such-template.yaml")).isPresent();
    assertThat(anchors(ROOT.resolve("docs/architecture.md"))).contains("components");
  }

  /** Empty when the span is fine or is not a name this check knows how to resolve. */
  private static java.util.Optional<String> check(String span) {
    String first = span.split("[/.#\\s]", 2)[0];
    if (span.matches("templates/[\\w.-]+\\.(yaml|tpl|txt)")) {
      return Stream.of("periscope", "periscope-agent", "periscope-common").anyMatch(c -> Files.exists(ROOT.resolve("deploy/helm").resolve(c).resolve(span)))
          ? java.util.Optional.empty() : java.util.Optional.of("is in no chart");
    }
    if (span.contains("/") && TOP_LEVEL.contains(first) && span.matches("[\\w./-]+")) {
      if (span.contains("/target/") || span.endsWith("/target") || span.contains("/.")) {
        return java.util.Optional.empty(); // build output, created by a run
      }
      String path = span.replaceAll("/\\*+$", "");
      return Files.exists(ROOT.resolve(path)) ? java.util.Optional.empty() : java.util.Optional.of("is not in the repository");
    }
    Matcher name = JAVA_NAME.matcher(span);
    if (!name.matches() || !PACKAGES.contains(name.group(1).split("\\.")[0])) {
      return java.util.Optional.empty();
    }
    String pkg = name.group(1).replace('.', '/');
    if (name.group(2) == null) {
      // A bare lower-case dotted name is a package unless it is a file name, a configuration key,
      // a chart value or a wire name the code spells out (an audit verb, a logger).
      if (!span.contains(".") || FILE_TYPES.contains(span.substring(span.lastIndexOf('.') + 1)) || isConfigKey(span)
          || isChartValue(span) || isStringInTheCode(span)) {
        return java.util.Optional.empty();
      }
      return JAVA_ROOTS.stream().anyMatch(r -> Files.isDirectory(r.resolve(pkg))) ? java.util.Optional.empty()
          : java.util.Optional.of("names no package");
    }
    String file = pkg + "/" + name.group(2) + ".java";
    return JAVA_ROOTS.stream().anyMatch(r -> Files.exists(r.resolve(file))) ? java.util.Optional.empty()
        : java.util.Optional.of("names no class");
  }

  /** {@code audit.stdout}, {@code agent.tunnel.enabled}: configuration keys share the packages' first words. */
  private static boolean isConfigKey(String span) {
    // A key in a known section counts too: the docs may name a key that is "not yet" (DocsTruthTest checks those).
    return io.periscope.config.ConfigLoader.isKnownKeyOrPrefix(span)
        || span.contains(".") && io.periscope.config.ConfigLoader.isKnownKeyOrPrefix(span.substring(0, span.lastIndexOf('.')));
  }

  private static boolean isChartValue(String span) {
    String last = span.substring(span.lastIndexOf('.') + 1);
    return CHART_VALUES.matches("(?s).*\\b" + java.util.regex.Pattern.quote(last) + ":.*");
  }

  private static boolean isStringInTheCode(String span) {
    return SERVER_SOURCES.contains("\"" + span + "\"");
  }

  /** Both charts' values.yaml, read once (every bare dotted name in every doc is checked against them). */
  private static final String CHART_VALUES = Stream.of("deploy/helm/periscope/values.yaml", "deploy/helm/periscope-agent/values.yaml")
      .map(ROOT::resolve).filter(Files::exists).map(DocsPathsTest::read).collect(Collectors.joining("\n"));

  /** The server's main sources, read once. */
  private static final String SERVER_SOURCES = serverSources();

  private static String serverSources() {
    try (Stream<Path> walk = Files.walk(ROOT.resolve("server/src/main"))) {
      return walk.filter(Files::isRegularFile).map(DocsPathsTest::read).collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens. */
  static List<String> anchors(Path markdown) {
    List<String> out = new ArrayList<>();
    Matcher h = HEADING.matcher(read(markdown).replaceAll("(?ms)^```.*?^```", ""));
    while (h.find()) {
      out.add(h.group(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return out;
  }

  private static List<Path> documents() {
    List<Path> docs = new ArrayList<>();
    for (String top : List.of("README.md", "bench/README.md", "web/README.md")) {
      if (Files.exists(ROOT.resolve(top))) {
        docs.add(ROOT.resolve(top));
      }
    }
    try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static Set<String> topLevelEntries() {
    try (Stream<Path> list = Files.list(ROOT)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") || n.equals(".ci")).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> firstPackageSegments() {
    try (Stream<Path> list = Files.list(ROOT.resolve("server/src/main/java/io/periscope"))) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path doc) {
    try {
      return Files.readString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
