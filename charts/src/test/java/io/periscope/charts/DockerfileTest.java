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

/**
 * Static checks of deploy/docker/Dockerfile.{server,agent} (no Docker daemon here): base images
 * pinned by tag, a non-root USER, and COPY sources that are exactly what the module's Maven build
 * produces ({@code <module>/target/periscope-<module>-<version>.jar} + {@code <module>/target/lib/} + the
 * CycloneDX SBOM {@code <module>/target/bom.json}).
 */
class DockerfileTest {

  /** One Dockerfile instruction with its line continuations joined. */
  record Instruction(String keyword, String args) {}

  static List<Instruction> parse(String module) throws IOException {
    Path file = Charts.repoRoot().resolve("deploy/docker/Dockerfile." + module);
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue; // comment inside a continued instruction
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
    }
    return out;
  }

  static List<String> args(List<Instruction> instructions, String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "agent"})
  void baseImagesArePinnedTagsAndTheRuntimeIsTheTemurin25Jre(String module) throws IOException {
    List<Instruction> dockerfile = parse(module);
    List<String> froms = args(dockerfile, "FROM");
    List<String> stages = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (String from : froms) {
      String[] parts = from.split("\\s+");
      String image = parts[0];
      if (!stages.contains(image)) {
        images.add(image);
      }
      if (parts.length == 3 && parts[1].equalsIgnoreCase("AS")) {
        stages.add(parts[2]);
      }
    }
    assertThat(images).isNotEmpty().allSatisfy(image -> {
      assertThat(image).as("no build args in FROM: %s", image).doesNotContain("$");
      String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
      int colon = name.lastIndexOf(':');
      assertThat(colon).as("%s must carry an explicit tag", image).isGreaterThan(name.lastIndexOf('/'));
      assertThat(name.substring(colon + 1)).as("tag of %s", image).isNotBlank().isNotEqualTo("latest");
    });
    assertThat(images).contains("eclipse-temurin:25-jdk");
    assertThat(froms.getLast()).as("runtime stage").isEqualTo("eclipse-temurin:25-jre");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "agent"})
  void runsAsTheNonRootUser10001(String module) throws IOException {
    List<Instruction> dockerfile = parse(module);
    int lastFrom = -1;
    for (int i = 0; i < dockerfile.size(); i++) {
      if (dockerfile.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    List<String> runtimeUsers = args(dockerfile.subList(lastFrom, dockerfile.size()), "USER");
    assertThat(runtimeUsers).as("the runtime stage sets USER").isNotEmpty();
    String user = runtimeUsers.getLast();
    assertThat(user).isEqualTo("10001:10001");
    assertThat(user.split(":")[0]).isNotIn("0", "root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "agent"})
  void copiesExactlyWhatTheMavenBuildProduces(String module) throws IOException {
    List<Instruction> dockerfile = parse(module);
    String artifact = "periscope-" + module;

    // The build stage builds this module and renames its main jar to a version-free name.
    String build = String.join("\n", args(dockerfile, "RUN"));
    assertThat(build).contains("./mvnw").contains("-pl " + module + " -am package");
    assertThat(build).contains("mv " + artifact + "-*.jar " + artifact + ".jar");

    Pattern copyFromBuild = Pattern.compile("--from=build\\s+(\\S+)\\s+(\\S+)");
    List<String> sources = new ArrayList<>();
    for (String copy : args(dockerfile, "COPY")) {
      Matcher m = copyFromBuild.matcher(copy);
      if (m.find()) {
        sources.add(m.group(1));
      }
    }
    assertThat(sources)
        .containsExactlyInAnyOrder(
            "/src/" + module + "/target/lib/",
            "/src/" + module + "/target/" + artifact + ".jar",
            "/src/" + module + "/target/bom.json");

    String entrypoint = args(dockerfile, "ENTRYPOINT").getLast();
    assertThat(entrypoint).contains("\"-jar\"", "\"/opt/periscope/" + artifact + ".jar\"");
  }

  /** The module POM must produce that layout: artifactId, manifest Class-Path lib/, runtime deps in target/lib. */
  @ParameterizedTest
  @ValueSource(strings = {"server", "agent"})
  void modulePomProducesTheJarAndLibLayout(String module) throws IOException {
    String pom = Files.readString(Charts.repoRoot().resolve(module).resolve("pom.xml"));
    assertThat(pom).contains("<artifactId>periscope-" + module + "</artifactId>");
    assertThat(pom).contains("<classpathPrefix>lib/</classpathPrefix>");
    assertThat(pom).contains("<addClasspath>true</addClasspath>", "<mainClass>");
    assertThat(pom).contains("copy-dependencies", "<outputDirectory>${project.build.directory}/lib</outputDirectory>");
    // The SBOM the image copies: the module runs the parent's cyclonedx makeBom and its presence check.
    assertThat(pom).contains("<artifactId>cyclonedx-maven-plugin</artifactId>");
    assertThat(pom).contains("<periscope.sbom.check.skip>${settings.offline}</periscope.sbom.check.skip>");
  }
}
