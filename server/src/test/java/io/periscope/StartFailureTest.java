package io.periscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.ConfigException;
import io.periscope.config.ConfigLoader;
import io.periscope.config.LoopbackPorts;
import io.periscope.config.PeriscopeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half-way closes what it had started: the database and the agent tunnel's port. */
class StartFailureTest {
  @TempDir Path dir;
  private Path key;

  @org.junit.jupiter.api.BeforeEach
  void key() {
    key = io.periscope.testkit.TestKeys.newKeyFile(dir);
  }

  @Test
  void aTakenHttpPortFailsTheStartAndReleasesTheDatabaseAndTheTunnelPort() throws Exception {
    int tunnelPort = LoopbackPorts.next();
    Path db = dir.resolve("periscope.db");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      PeriscopeConfig config = config(taken.getLocalPort(), tunnelPort, db);

      assertThatThrownBy(() -> PeriscopeApp.builder(config).clusters(ClusterRegistry.fixed(List.of(), List.of()))
          .storageFromConfig().start()).isInstanceOf(RuntimeException.class);

      assertThat(Files.exists(db)).as("storage was opened before the HTTP port").isTrue();
      assertThat(canBind(tunnelPort)).as("the tunnel port, opened before the HTTP port, is free again").isTrue();
    }
    // Everything was released: the same database and tunnel port serve a second, successful start.
    try (PeriscopeApp app = PeriscopeApp.builder(config(LoopbackPorts.next(), tunnelPort, db))
        .clusters(ClusterRegistry.fixed(List.of(), List.of())).storageFromConfig().start()) {
      assertThat(app.port()).isPositive();
      assertThat(canBind(tunnelPort)).isFalse();
    }
  }

  /** A value that is checked at start rather than by the loader still stops the server before it touches the store. */
  @Test
  void aBadSensitiveCatalogEntryFailsTheStartBeforeTheStoreIsOpened() throws Exception {
    Path db = dir.resolve("periscope.db");
    int tunnelPort = LoopbackPorts.next();
    var overrides = new java.util.HashMap<>(overrides(LoopbackPorts.next(), tunnelPort, db));
    overrides.put("aws.access.sensitiveCatalog.suppress", "ec2:TerminateInstance");

    assertThatThrownBy(() -> PeriscopeApp.builder(ConfigLoader.load(Optional.empty(), Map.of(), overrides))
        .clusters(ClusterRegistry.fixed(List.of(), List.of())).storageFromConfig().start())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("aws.access.sensitiveCatalog.suppress"))
        .hasMessageContaining("'ec2:TerminateInstance' is not a built-in catalog entry");

    assertThat(Files.exists(db)).as("the store was never created").isFalse();
    assertThat(canBind(tunnelPort)).as("the tunnel port was never opened").isTrue();
  }

  @Test
  void anInvalidClustersFileFailsTheStartBeforeTheStoreIsOpened() throws Exception {
    Path db = dir.resolve("periscope.db");
    Path clusters = Files.writeString(dir.resolve("clusters.yaml"), "clusters:\n  - {name: prod, backend: gke}\n");
    int tunnelPort = LoopbackPorts.next();
    var overrides = new java.util.HashMap<>(overrides(LoopbackPorts.next(), tunnelPort, db));
    overrides.put("clusters.file", clusters.toString());

    assertThatThrownBy(() -> PeriscopeApp.builder(ConfigLoader.load(Optional.empty(), Map.of(), overrides)).storageFromConfig().start())
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("clusters[0].backend: unknown backend 'gke'");

    assertThat(Files.exists(db)).as("the store was never created").isFalse();
    assertThat(canBind(tunnelPort)).as("the tunnel port was never opened").isTrue();
  }

  private PeriscopeConfig config(int port, int tunnelPort, Path db) {
    return ConfigLoader.load(Optional.empty(), Map.of(), overrides(port, tunnelPort, db));
  }

  private Map<String, String> overrides(int port, int tunnelPort, Path db) {
    return Map.ofEntries(
        Map.entry("server.bindAddress", "127.0.0.1"),
        Map.entry("server.port", Integer.toString(port)),
        Map.entry("server.publicUrl", "http://127.0.0.1:" + port),
        Map.entry("auth.oidc.issuer", "http://127.0.0.1:9/idp"),
        Map.entry("auth.oidc.clientId", "periscope"),
        Map.entry("auth.oidc.clientSecret", "secret"),
        Map.entry("storage.sqlitePath", db.toString()),
        Map.entry("storage.keyFile", key.toString()),
        Map.entry("audit.stdout", "false"),
        Map.entry("agent.tunnel.enabled", "true"),
        Map.entry("agent.tunnel.bindAddress", "127.0.0.1"),
        Map.entry("agent.tunnel.port", Integer.toString(tunnelPort)),
        Map.entry("agent.tunnel.hostnames", "localhost"),
        Map.entry("agent.ca.store", "directory"),
        Map.entry("agent.caDir", dir.resolve("ca").toString()));
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

}
