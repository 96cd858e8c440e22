package io.periscope.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.periscope.PeriscopeApp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.BaseStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's dependencies point one way (docs/architecture.md, "Dependency rules"). A new
 * cycle, domain code reaching into an HTTP package, or a neutral package reaching into a feature
 * fails the build.
 */
class DependencyRulesTest {
  private static final String ROOT = "io.periscope";
  private static JavaClasses server;
  /** The agent process (a test dependency here): it forwards with the JDK HTTP client too. */
  private static JavaClasses agent;

  @BeforeAll
  static void importServer() {
    // Each module's own compiled classes only (the agent module shares the io.periscope root).
    server = classesOf(PeriscopeApp.class);
    agent = classesOf(io.periscope.agent.RunningAgent.class);
  }

  /** The classes of the directory or jar {@code inModule} was loaded from (a reactor build hands other modules over as jars). */
  private static JavaClasses classesOf(Class<?> inModule) {
    var where = inModule.getProtectionDomain().getCodeSource().getLocation();
    return new ClassFileImporter().importLocations(java.util.Set.of(com.tngtech.archunit.core.importer.Location.of(where)));
  }

  @Test
  void rulesSeeTheWholeServer() {
    assertThat(server.contain(PeriscopeApp.class)).isTrue();
    assertThat(server.size()).isGreaterThan(200);
    assertThat(server.stream().noneMatch(c -> c.getPackageName().startsWith("io.periscope.agent.link"))).isTrue();
  }

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("io.periscope.(**)").should().beFreeOfCycles().check(server);
  }

  /** Each feature (its domain code apart from its {@code http} edge) is free of cycles with every other. */
  @Test
  void featuresFormNoCycles() {
    slices().assignedFrom(new FeatureSlices()).should().beFreeOfCycles().check(server);
  }

  /** HTTP is an edge: only the composition root and other {@code http} packages use it. */
  @Test
  void domainCodeDoesNotUseHttpPackages() {
    noClasses().that().resideOutsideOfPackages(ROOT, "io.periscope..http..")
        .should().dependOnClassesThat().resideInAnyPackage("io.periscope..http..")
        .check(server);
  }

  @Test
  void domainCodeDoesNotUseTheWebFramework() {
    noClasses().that().resideOutsideOfPackages(ROOT, "io.periscope..http..")
        .should().dependOnClassesThat().resideInAnyPackage("io.javalin..")
        .check(server);
  }

  @Test
  void neutralPackagesDependOnNoFeature() {
    noClasses().that().resideInAnyPackage("io.periscope.problem..", "io.periscope.json..", "io.periscope.storage..", "io.periscope.cache..",
            "io.periscope.names..", "io.periscope.ratelimit..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.periscope.problem..", "io.periscope.json..",
            "io.periscope.storage..", "io.periscope.cache..", "io.periscope.names..", "io.periscope.ratelimit..", "java..", "javax..", "com.fasterxml..", "com.zaxxer..", "org.flywaydb..",
            "org.sqlite..", "org.slf4j..", "io.fabric8..", "org.yaml..", "com.github.benmanes.caffeine..")
        .check(server);
  }

  /** Every cache does its housekeeping off the common pool, which the apiserver answers pass through ({@code cache.Caches}). */
  @Test
  void cachesAreBuiltThroughCaches() {
    noClasses().that().resideOutsideOfPackage("io.periscope.cache..")
        .should().callMethod(com.github.benmanes.caffeine.cache.Caffeine.class, "newBuilder")
        .check(server);
  }

  /**
   * Nothing of ours runs on the common pool, which every apiserver answer passes through
   * (docs/architecture.md, "Threads and the common pool"): no {@code *Async} stage without an
   * executor, no parallel stream. The agent process too: its forwarder's answers pass through the
   * common pool of its own JVM the same way.
   */
  @Test
  void nothingRunsOnTheCommonPool() {
    DescribedPredicate<JavaMethodCall> onTheCommonPool = new DescribedPredicate<>("a call that runs on the common pool") {
      @Override
      public boolean test(JavaMethodCall call) {
        var target = call.getTarget();
        String owner = target.getOwner().getName();
        boolean future = owner.equals(CompletableFuture.class.getName()) || owner.equals(CompletionStage.class.getName());
        boolean noExecutor = target.getRawParameterTypes().stream().noneMatch(t -> t.isAssignableTo(Executor.class));
        boolean parallel = target.getName().equals("parallelStream") || target.getName().equals("parallel") && target.getOwner().isAssignableTo(BaseStream.class);
        return future && target.getName().endsWith("Async") && noExecutor || parallel;
      }
    };
    noClasses().should().callMethodWhere(onTheCommonPool).check(server);
    noClasses().should().callMethodWhere(onTheCommonPool).check(agent);
  }

  /**
   * A feature is the first package segment ({@code auth}, {@code clusters}); its {@code http} edge
   * and the AWS sub-features ({@code aws.iam}, {@code aws.identity}) are slices of their own.
   */
  private static final class FeatureSlices implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String pkg = c.getPackageName();
      if (!pkg.startsWith(ROOT + ".")) {
        return SliceIdentifier.ignore();
      }
      String[] parts = pkg.substring(ROOT.length() + 1).split("\\.");
      if (parts.length > 1 && parts[parts.length - 1].equals("http")) {
        return SliceIdentifier.of(String.join(".", parts));
      }
      if (parts[0].equals("aws") && parts.length > 1) {
        return SliceIdentifier.of("aws." + parts[1]);
      }
      return SliceIdentifier.of(parts[0]);
    }

    @Override
    public String getDescription() {
      return "features of io.periscope";
    }
  }
}
