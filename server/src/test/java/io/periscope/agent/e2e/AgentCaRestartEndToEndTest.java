package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.periscope.PeriscopeApp;
import io.periscope.agent.link.Agent;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.ConfigException;
import io.periscope.config.ConfigLoader;
import io.periscope.config.LoopbackPorts;
import io.periscope.storage.TestPostgres;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent CA lives in the server's database (SQLite file, or a real PostgreSQL), its key
 * encrypted: a server restarted on the same database serves the same CA, and an agent registered
 * before the restart connects again with the certificate it has — no new token, no new bundle. A
 * key that does not open the stored CA stops the start with an error naming the key, and never
 * replaces the CA.
 */
@Timeout(180)
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentCaRestartEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  enum Storage { SQLITE, POSTGRES }

  @TempDir
  Path dir;
  /** The private cluster's apiserver: it outlives the Periscope servers, as a real cluster would. */
  private final MockApiServer cluster = new MockApiServer();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void seedCluster() {
    cluster.serveDiscovery();
    cluster.client().configMaps().inNamespace("shop")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().addToData("k", "v").build()).create();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    cluster.close();
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void anAgentRegisteredBeforeARestartConnectsAgainWithoutANewToken(Storage storage) throws Exception {
    Map<String, String> config = config(storage, writeKey("ca.key"));
    EdgeAgentCluster first = start(config);
    String ca = first.caPem();
    Path state = dir.resolve("agent-state");
    Agent agent = track(first.startAgent(clusterUrl(), Optional.of(first.mintToken()), state));
    assertThat(configMaps(first)).containsExactly("settings");

    stop(first);
    await().atMost(WAIT).until(() -> !agent.connected());
    EdgeAgentCluster restarted = start(config);

    assertThat(restarted.caPem()).as("the same CA after the restart").isEqualTo(ca);
    assertThat(agent.awaitConnected(WAIT)).as("the running agent reconnects with its certificate: " + agent.lastError()).isTrue();
    assertThat(configMaps(restarted)).containsExactly("settings");
    assertThat(restarted.agentState()).isEqualTo("connected");

    stop(agent);
    Agent fromState = track(restarted.startAgent(clusterUrl(), Optional.empty(), state)); // a new agent process, no token
    assertThat(fromState.lastRefusal()).isEmpty();
    assertThat(configMaps(restarted)).containsExactly("settings");
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void theClusterIdentityBindingSurvivesARestart(Storage storage) throws Exception {
    Map<String, String> config = config(storage, writeKey("ca.key"));
    EdgeAgentCluster first = start(config);
    String bound = kubeSystemUid(cluster);
    stop(track(first.startAgent(clusterUrl(), Optional.of(first.mintToken()), dir.resolve("agent-state"))));
    assertThat(first.agentIdentity().get("boundUid").asText()).isEqualTo(bound);
    stop(first);

    EdgeAgentCluster restarted = start(config);

    assertThat(restarted.agentIdentity().get("boundUid").asText()).isEqualTo(bound);
    MockApiServer elsewhere = track(new MockApiServer());
    String other = kubeSystemUid(elsewhere);
    Agent wrong = track(restarted.launchAgent(URI.create(elsewhere.client().getConfiguration().getMasterUrl()),
        Optional.of(restarted.mintToken()), dir.resolve("wrong-agent-state")));
    await().atMost(WAIT).until(() -> !wrong.lastRefusal().isEmpty());
    assertThat(wrong.lastRefusal()).contains("bound to kube-system UID " + bound, "runs in a cluster with UID " + other);
    assertThat(restarted.agentIdentity().at("/conflict/uid").asText()).isEqualTo(other);
    assertThat(restarted.agentState()).as("only the wrong cluster's agent tries: its refusal is the cluster's state")
        .isEqualTo("agent_identity_conflict");
    assertThat(restarted.agentReason()).contains("bound to kube-system UID " + bound);
  }

  /** Gives the cluster its kube-system Namespace; its UID is the cluster's identity. */
  private static String kubeSystemUid(MockApiServer apiserver) {
    return apiserver.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("kube-system").withUid(java.util.UUID.randomUUID().toString()).endMetadata().build()).create().getMetadata().getUid();
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void aWrongKeyStopsTheStartNamingTheKeyAndTheCaStaysAsItWas(Storage storage) throws Exception {
    Map<String, String> config = config(storage, writeKey("ca.key"));
    EdgeAgentCluster first = start(config);
    String ca = first.caPem();
    Path state = dir.resolve("agent-state");
    stop(track(first.startAgent(clusterUrl(), Optional.of(first.mintToken()), state)));
    stop(first);

    Map<String, String> wrong = new HashMap<>(config);
    wrong.put("agent.ca.keyFile", writeKey("other.key").toString());
    wrong.putAll(Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope",
        "server.bindAddress", "127.0.0.1", "server.port", "0", "agent.tunnel.enabled", "true",
        "agent.tunnel.bindAddress", "127.0.0.1", "agent.tunnel.hostnames", "localhost"));
    assertThatThrownBy(() -> PeriscopeApp.builder(ConfigLoader.load(Optional.empty(), Map.of(), wrong))
        .clusters(ClusterRegistry.fixed(List.of(), List.of())).storageFromConfig().start())
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.key()).isEqualTo("agent.ca.keyFile");
          assertThat(e.getMessage()).contains("the agent CA's private key in the database was encrypted with the key whose id is");
        });

    EdgeAgentCluster restarted = start(config);
    assertThat(restarted.caPem()).isEqualTo(ca);
    track(restarted.startAgent(clusterUrl(), Optional.empty(), state));
    assertThat(configMaps(restarted)).containsExactly("settings");
  }

  @org.junit.jupiter.api.Test
  void replicasOnOnePostgresDatabaseShareOneCaAndAnAgentRegisteredAtOneConnectsToAnother() throws Exception {
    Map<String, String> config = config(Storage.POSTGRES, writeKey("ca.key"));
    EdgeAgentCluster first = start(config);
    Map<String, String> secondsPort = new HashMap<>(config);
    secondsPort.put("agent.tunnel.port", Integer.toString(LoopbackPorts.next()));
    EdgeAgentCluster second = start(secondsPort);
    assertThat(second.caPem()).as("one CA for every replica").isEqualTo(first.caPem());

    Path state = dir.resolve("agent-state");
    Agent registered = track(first.startAgent(clusterUrl(), Optional.of(first.mintToken()), state));
    assertThat(configMaps(first)).containsExactly("settings");
    stop(registered);

    Agent atSecond = track(second.startAgent(clusterUrl(), Optional.empty(), state)); // its certificate, no token
    assertThat(atSecond.lastRefusal()).isEmpty();
    assertThat(configMaps(second)).containsExactly("settings");
    assertThat(second.agentState()).isEqualTo("connected");
  }

  private EdgeAgentCluster start(Map<String, String> config) throws IOException {
    return track(new EdgeAgentCluster(dir, null, config, true));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  /** Closes it now (a server stopping, an agent process ending) and not again after the test. */
  private void stop(AutoCloseable closeable) throws Exception {
    open.remove(closeable);
    closeable.close();
  }

  /** One storage, one fixed tunnel port (agents dial the same address after the restart), the CA key from a file. */
  private Map<String, String> config(Storage storage, Path keyFile) throws IOException {
    Map<String, String> config = new HashMap<>(Map.of(
        "agent.tunnel.port", Integer.toString(LoopbackPorts.next()),
        "agent.ca.keyFile", keyFile.toString(),
        "storage.keyFile", keyFile.toString(),
        "agent.caDir", dir.resolve("no-ca-here").toString()));
    switch (storage) {
      case SQLITE -> config.put("audit.sqlitePath", dir.resolve("periscope.db").toString());
      case POSTGRES -> config.putAll(Map.of("storage.backend", "postgres", "storage.postgres.url", TestPostgres.newDatabaseUrl(),
          "storage.postgres.user", "postgres", "storage.postgres.password", "postgres",
          "audit.sqlitePath", dir.resolve("unused.db").toString()));
    }
    return config;
  }

  private Path writeKey(String name) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key) + "\n");
  }

  private URI clusterUrl() {
    return URI.create(cluster.client().getConfiguration().getMasterUrl());
  }

  /** The config map names alice lists in namespace shop of the agent cluster, through Periscope and the tunnel. */
  private static List<String> configMaps(EdgeAgentCluster edge) throws IOException {
    HttpResponse<String> r = edge.alice.get("/api/clusters/" + EdgeAgentCluster.NAME + "/resources/core/v1/configmaps?namespace=shop");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    JSON.readTree(r.body()).path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
    return names;
  }

}
