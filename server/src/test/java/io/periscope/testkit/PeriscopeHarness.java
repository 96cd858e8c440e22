package io.periscope.testkit;

import io.periscope.PeriscopeApp;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.config.ConfigLoader;
import io.periscope.config.LoopbackPorts;
import io.periscope.config.PeriscopeConfig;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * A real Periscope server on a loopback port, wired to a real OIDC provider (mock-oauth2-server)
 * and a real apiserver implementation (fabric8's CRUD mock), for black-box tests over HTTP.
 */
public final class PeriscopeHarness implements AutoCloseable {
  public static final String ISSUER_ID = "periscope";
  public static final String CLIENT_ID = "periscope-test";
  public static final String CLUSTER = "test";

  public final ScriptedTokenCallback tokens = new ScriptedTokenCallback(ISSUER_ID, CLIENT_ID);
  /** The IdP stamps its tokens (iat, exp) by the server's clock, moved by {@link #idpClockOffset}, as a real IdP shares real time. */
  public final MockOAuth2Server idp;
  private volatile java.time.Duration idpClockOffset = java.time.Duration.ZERO;
  public final IdpFacade idpFacade;
  public final MockApiServer apiserver = new MockApiServer();
  public final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  public final PeriscopeApp app;
  public final PeriscopeConfig config;

  public PeriscopeHarness(Map<String, String> overrides) {
    this(overrides, java.time.Clock.systemUTC());
  }

  /** With a clock for session time; the IdP stamps its tokens by it too. */
  public PeriscopeHarness(Map<String, String> overrides, java.time.Clock clock) {
    this(overrides, clock, false);
  }

  /**
   * @param realStorage use the configured audit/session storage (set {@code audit.sqlitePath}) instead of
   *     the in-memory recorder, so {@code /api/audit} is served
   */
  public PeriscopeHarness(Map<String, String> overrides, java.time.Clock clock, boolean realStorage) {
    this(overrides, Map.of(), clock, realStorage, MockApiServer::client, builder -> { }, List.of(), tunnel -> List.of());
  }

  /**
   * With further clusters besides {@link #CLUSTER}, each connected to the given client (e.g. one
   * pointing at a closed port, to play a dead cluster). Clusters are listed in name order.
   */
  public PeriscopeHarness(Map<String, String> overrides, Map<String, io.fabric8.kubernetes.client.KubernetesClient> extraClusters) {
    this(overrides, extraClusters, java.time.Clock.systemUTC(), false, MockApiServer::client, builder -> { }, List.of(), tunnel -> List.of());
  }

  /**
   * With the cluster's client derived from the mock apiserver (e.g. routed through an
   * {@link ApiserverTap}) and a last say over the app builder (e.g. feature settings).
   */
  public PeriscopeHarness(Map<String, String> overrides, java.util.function.Function<MockApiServer, io.fabric8.kubernetes.client.KubernetesClient> clusterClient,
      java.util.function.Consumer<PeriscopeApp.Builder> customize) {
    this(overrides, Map.of(), java.time.Clock.systemUTC(), false, clusterClient, customize, List.of(), tunnel -> List.of());
  }

  /**
   * With further clusters served by their own connectors (e.g. {@code backend: agent} clusters
   * behind a real periscope-agent) and a last say over the app builder.
   */
  public PeriscopeHarness(Map<String, String> overrides, List<ClusterSpec> extraSpecs,
      List<io.periscope.clusters.ClusterConnector> extraConnectors, java.util.function.Consumer<PeriscopeApp.Builder> customize) {
    this(overrides, Map.of(), java.time.Clock.systemUTC(), false, MockApiServer::client, customize, extraSpecs, tunnel -> extraConnectors);
  }

  /** As above, with a clock (e.g. to let agent certificates expire without waiting). */
  public PeriscopeHarness(Map<String, String> overrides, List<ClusterSpec> extraSpecs,
      List<io.periscope.clusters.ClusterConnector> extraConnectors, java.util.function.Consumer<PeriscopeApp.Builder> customize,
      java.time.Clock clock) {
    this(overrides, Map.of(), clock, false, MockApiServer::client, customize, extraSpecs, tunnel -> extraConnectors);
  }

  /** As above, with connectors that need the app's agent tunnel (built once the app started it). */
  public PeriscopeHarness(Map<String, String> overrides, List<ClusterSpec> extraSpecs,
      java.util.function.Function<Optional<io.periscope.agent.tunnel.TunnelServer>, List<io.periscope.clusters.ClusterConnector>> extraConnectors,
      java.util.function.Consumer<PeriscopeApp.Builder> customize, java.time.Clock clock) {
    this(overrides, Map.of(), clock, false, MockApiServer::client, customize, extraSpecs, extraConnectors);
  }

  private static final java.nio.file.Path KEYS = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "periscope-test-keys");

  private PeriscopeHarness(Map<String, String> overrides, Map<String, io.fabric8.kubernetes.client.KubernetesClient> extraClusters,
      java.time.Clock clock, boolean realStorage,
      java.util.function.Function<MockApiServer, io.fabric8.kubernetes.client.KubernetesClient> clusterClient,
      java.util.function.Consumer<PeriscopeApp.Builder> customize, List<ClusterSpec> extraSpecs,
      java.util.function.Function<Optional<io.periscope.agent.tunnel.TunnelServer>, List<io.periscope.clusters.ClusterConnector>> extraConnectors) {
    idp = new MockOAuth2Server(new no.nav.security.mock.oauth2.OAuth2Config(false, null, null, false,
        new no.nav.security.mock.oauth2.token.OAuth2TokenProvider(() -> clock.instant().plus(idpClockOffset)), java.util.Set.of(tokens)));
    idp.start(java.net.InetAddress.getLoopbackAddress(), 0);
    idpFacade = new IdpFacade(idp.baseUrl().uri());
    warmUp(URI.create(idpFacade.baseUrl() + "/" + ISSUER_ID + "/.well-known/openid-configuration"));
    int port = LoopbackPorts.next();
    Map<String, String> all = new HashMap<>();
    all.put("server.bindAddress", "127.0.0.1");
    all.put("server.port", Integer.toString(port));
    all.put("server.publicUrl", "http://127.0.0.1:" + port);
    all.put("auth.oidc.issuer", idpFacade.baseUrl() + "/" + ISSUER_ID);
    all.put("auth.oidc.clientId", CLIENT_ID);
    all.put("auth.oidc.clientSecret", "test-secret");
    // Storage from the config seals session tokens with a key: a fresh one per harness unless the test names its own.
    all.put("storage.keyFile", TestKeys.newKeyFile(KEYS).toString());
    all.putAll(overrides);
    config = ConfigLoader.load(Optional.empty(), Map.of(), all);
    Map<String, io.fabric8.kubernetes.client.KubernetesClient> clients = new java.util.TreeMap<>(extraClusters);
    clients.put(CLUSTER, clusterClient.apply(apiserver));
    List<ClusterSpec> specs = new java.util.ArrayList<>(clients.keySet().stream().map(name -> new ClusterSpec(name, Backend.KUBECONFIG,
        Optional.empty(), Optional.empty(), Optional.empty(), "test", Map.of(), Optional.empty(), Optional.empty(), Optional.empty())).toList());
    specs.addAll(extraSpecs);
    specs.sort(java.util.Comparator.comparing(ClusterSpec::name));
    var builder = PeriscopeApp.builder(config).clock(clock).clusters(tunnel -> {
      List<io.periscope.clusters.ClusterConnector> connectors = new java.util.ArrayList<>(extraConnectors.apply(tunnel));
      connectors.add(new NamedClientConnector(clients));
      return ClusterRegistry.fixed(specs, connectors);
    });
    if (realStorage) {
      builder.storageFromConfig();
    } else {
      builder.audit(audit);
    }
    customize.accept(builder);
    app = builder.start();
    awaitFirstProbe(app);
  }

  /** The first probe reads the mock cluster's discovery in the background; tests observe its apiserver after that. */
  private static void awaitFirstProbe(PeriscopeApp app) {
    try {
      if (!app.awaitFirstProbe(CLUSTER, java.time.Duration.ofSeconds(30))) {
        throw new IllegalStateException("the first reachability probe of '" + CLUSTER + "' did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sets the IdP's clock this far from the server's (negative: behind), for tokens stamped by a clock that drifted. */
  public void idpClockOffset(java.time.Duration offset) {
    this.idpClockOffset = offset;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  public TestBrowser browser() {
    return new TestBrowser(this);
  }

  /** The mock IdP generates its keys on first use; do that before Periscope's first, time-limited call. */
  private static void warmUp(URI discovery) {
    try {
      java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
          .send(java.net.http.HttpRequest.newBuilder(discovery).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException("mock IdP did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  @Override
  public void close() {
    app.close();
    apiserver.close();
    idpFacade.close();
    idp.shutdown();
  }
}
