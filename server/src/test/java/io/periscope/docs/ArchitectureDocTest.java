package io.periscope.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/architecture.md names packages, classes and paths; each must exist, so the map stays true. */
class ArchitectureDocTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SOURCES = ROOT.resolve("server/src/main/java/io/periscope");
  private static final Path TESTS = ROOT.resolve("server/src/test/java/io/periscope");

  @Test
  void everyNamedPackageClassAndPathExists() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
    List<String> missing = new ArrayList<>();
    // `auth.http.SessionFilter`, `authz`, `clusters.eks` ... : package paths, optionally ending in a class.
    Matcher code = Pattern.compile("`([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)(?:\\.([A-Z]\\w*))?`").matcher(doc);
    while (code.find()) {
      Path pkg = SOURCES.resolve(code.group(1).replace('.', '/'));
      boolean isKnownPackage = Files.isDirectory(pkg);
      boolean isClass = code.group(2) != null;
      String file = code.group(1).replace('.', '/') + "/" + code.group(2) + ".java";
      if (code.group(1).endsWith("yaml")) {
        continue;
      }
      if (isClass && !Files.exists(SOURCES.resolve(file)) && !Files.exists(TESTS.resolve(file))) {
        missing.add(code.group(0));
      } else if (!isClass && looksLikePackage(code.group(1)) && !isKnownPackage) {
        missing.add(code.group(0));
      }
    }
    Matcher path = Pattern.compile("`((?:server|web|demo|deploy|charts|docs|agent|bench)/[\\w./-]*)`").matcher(doc);
    while (path.find()) {
      if (!Files.exists(ROOT.resolve(path.group(1)))) {
        missing.add(path.group(0));
      }
    }
    assertThat(missing).as("names in docs/architecture.md with nothing behind them").isEmpty();
  }

  /** Backticked lower-case words that are packages (not config keys, HTTP paths or module names). */
  private static boolean looksLikePackage(String name) {
    return List.of("auth", "authz", "clusters", "config", "k8s", "audit", "http", "health", "metrics", "resources", "stream",
        "logs", "exec", "helm", "agent").contains(name.split("\\.")[0]) && !name.equals("agent");
  }
}
