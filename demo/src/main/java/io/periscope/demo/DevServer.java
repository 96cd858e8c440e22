package io.periscope.demo;

import io.periscope.PeriscopeApp;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.config.ConfigLoader;
import io.periscope.config.LoopbackPorts;
import io.periscope.config.PeriscopeConfig;
import io.periscope.demo.fleet.DemoFleet;
import io.periscope.demo.idp.DevIdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The running dev-mode stack: development IdP, the clusters (the developer's kubeconfig contexts
 * or the embedded demo fleet with its AWS account and agent) and the real Periscope server
 * configured for loopback and tier authorization. Closing it stops the pieces in reverse start order.
 */
public final class DevServer implements AutoCloseable {
  /** Dev-mode group → tier table, in the {@code auth.authorization.groupTiers} text form. */
  public static final String GROUP_TIERS = "sre-admins=admin,sre-oncall=triage,developers=write,leads=maintain,viewers=read";
  public static final String AUDIT_ADMIN_GROUPS = "sre-admins";

  /** Where clusters come from: a kubeconfig file (every context) or the embedded demo fleet. */
  public sealed interface ClusterSource {
    record Kubeconfig(Path file) implements ClusterSource {}

    /** @param awsDeniedToServer IAM actions the demo AWS account refuses Periscope's role (shows AWS Access's locked pane) */
    record Demo(List<String> awsDeniedToServer) implements ClusterSource {
      public Demo {
        awsDeniedToServer = List.copyOf(awsDeniedToServer);
      }

      public Demo() {
        this(List.of());
      }
    }
  }

  /**
   * @param port HTTP port of the console (0 = pick a free one)
   * @param idpPort port of the development IdP (0 = ephemeral)
   * @param env environment for {@code PERISCOPE_*} settings; dev-mode settings override it
   */
  public record Options(int port, int idpPort, ClusterSource clusters, Map<String, String> env) {}

  private final DevIdentityProvider idp;
  private final Optional<DemoFleet> fleet;
  private final List<ClusterSpec> clusters;
  private final PeriscopeApp app;

  private DevServer(DevIdentityProvider idp, Optional<DemoFleet> fleet, List<ClusterSpec> clusters, PeriscopeApp app) {
    this.idp = idp;
    this.fleet = fleet;
    this.clusters = clusters;
    this.app = app;
  }

  public static DevServer start(Options options) {
    int port = options.port() == 0 ? LoopbackPorts.next() : options.port();
    List<String> awsDenied = options.clusters() instanceof ClusterSource.Demo d ? d.awsDeniedToServer() : List.of();
    boolean demo = options.clusters() instanceof ClusterSource.Demo;
    // The IdP starts on a thread of its own while the demo account starts here; the demo apiservers
    // start and seed once the server listens (seeding them was half of the time to the URL).
    CompletableFuture<DevIdentityProvider> idpStart = CompletableFuture.supplyAsync(() -> DevIdentityProvider.start(options.idpPort()),
        task -> Thread.ofPlatform().name("dev-idp-start").start(task));
    Optional<DemoFleet> fleet;
    try {
      fleet = demo ? Optional.of(DemoFleet.launch(Clock.systemUTC(), awsDenied)) : Optional.empty();
    } catch (RuntimeException e) {
      idpStart.thenAccept(DevIdentityProvider::close);
      throw e;
    }
    DevIdentityProvider idp;
    try {
      idp = join(idpStart);
    } catch (RuntimeException e) {
      fleet.ifPresent(DemoFleet::close);
      throw e;
    }
    try {
      Map<String, String> overrides = overrides(port, idp.issuer());
      Optional<Path> named = namedDatabase(options.env());
      Path database = named.isPresent() ? named.get() : Files.createTempDirectory("periscope-dev-").resolve("audit.db");
      overrides.put("storage.sqlitePath", database.toString());
      if (!options.env().containsKey("PERISCOPE_STORAGE_KEY_FILE") && !options.env().containsKey("PERISCOPE_STORAGE_KEY_ENV")) {
        overrides.put("storage.keyFile", DevKeys.beside(database).toString());
      }
      List<ClusterSpec> specs;
      PeriscopeApp app;
      if (options.clusters() instanceof ClusterSource.Kubeconfig(Path file)) {
        specs = DevClusters.fromKubeconfig(file);
        PeriscopeConfig config = ConfigLoader.load(Optional.empty(), options.env(), overrides);
        var registry = ClusterRegistry.fixed(specs, List.of(new KubeconfigConnector(config.clusters().requestTimeout())));
        app = PeriscopeApp.builder(config).clusters(registry).storageFromConfig().start();
      } else {
        DemoFleet f = fleet.orElseThrow();
        overrides.putAll(agentTunnel(Files.createTempDirectory("periscope-dev-agent-ca-")));
        PeriscopeConfig config = ConfigLoader.load(Optional.empty(), options.env(), overrides);
        Duration timeout = config.clusters().requestTimeout();
        var started = new java.util.concurrent.atomic.AtomicReference<TunnelServer>();
        specs = f.specs();
        var aws = f.awsClients(timeout);
        // Agent registrations live as long as the in-memory fleet does (a fresh CA and agent every run). The
        // agent connects after the server is up: a short probe interval shows it reachable seconds later.
        app = PeriscopeApp.builder(config).clusters(tunnel -> {
              started.set(tunnel.orElseThrow(() -> new IllegalStateException("the agent tunnel did not start")));
              return ClusterRegistry.fixed(specs, f.connectors(timeout, tunnel, aws));
            }).storageFromConfig().registrationStore(new InMemoryRegistrationStore())
            .aws(aws).probeInterval(Duration.ofSeconds(5)).start();
        // Now that the server listens, the apiservers start (requests to a cluster wait for them).
        f.startClusters();
        f.startAgent(started.get());
      }
      return new DevServer(idp, fleet, specs, app);
    } catch (RuntimeException | IOException e) {
      fleet.ifPresent(DemoFleet::close);
      idp.close();
      throw e instanceof IOException io ? new UncheckedIOException("cannot create a dev-mode directory", io) : (RuntimeException) e;
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * The demo fleet's private cluster comes through an agent: the tunnel port on loopback (an
   * ephemeral port), its CA in a directory of this run.
   */
  static Map<String, String> agentTunnel(Path caDir) {
    return Map.of("agent.tunnel.enabled", "true", "agent.tunnel.bindAddress", "127.0.0.1", "agent.tunnel.port", "0",
        "agent.tunnel.hostnames", "127.0.0.1", "agent.ca.store", "directory", "agent.caDir", caDir.toString());
  }

  /** Dev mode is loopback-only plain http; the public URL must carry the real port for the OIDC redirect URI. */
  static Map<String, String> overrides(int port, URI issuer) {
    Map<String, String> o = new HashMap<>();
    o.put("server.bindAddress", "127.0.0.1");
    o.put("server.port", Integer.toString(port));
    o.put("server.publicUrl", "http://127.0.0.1:" + port);
    o.put("auth.oidc.issuer", issuer.toString());
    o.put("auth.oidc.clientId", DevIdentityProvider.CLIENT_ID);
    o.put("auth.oidc.clientSecret", DevIdentityProvider.CLIENT_SECRET);
    o.put("auth.authorization.mode", "tier");
    o.put("auth.authorization.groupTiers", GROUP_TIERS);
    // Empty on purpose: someone in no mapped group signs in but gets no cluster identity.
    o.put("auth.authorization.defaultTier", "");
    o.put("auth.authorization.auditAdminGroups", AUDIT_ADMIN_GROUPS);
    // Audit rows go to the SQLite store (see start); JSON lines on the terminal would drown the dev log.
    o.put("audit.stdout", "false");
    return o;
  }

  public URI url() {
    return app.publicUrl().resolve("/");
  }

  public int port() {
    return app.port();
  }

  public DevIdentityProvider idp() {
    return idp;
  }

  /** The embedded demo fleet, when dev mode runs without a kubeconfig. */
  public Optional<DemoFleet> fleet() {
    return fleet;
  }

  public List<ClusterSpec> clusters() {
    return clusters;
  }

  @Override
  public void close() {
    fleet.ifPresent(DemoFleet::stopAgent);
    app.close();
    fleet.ifPresent(DemoFleet::close);
    idp.close();
  }


  /**
   * The SQLite file the environment names: storage.sqlitePath's variable, else its old name
   * (audit.sqlitePath's). The dev storage key goes beside it, so both must come from the same name.
   */
  static Optional<Path> namedDatabase(Map<String, String> env) {
    return Optional.ofNullable(env.get("PERISCOPE_STORAGE_SQLITE_PATH")).filter(p -> !p.isBlank())
        .or(() -> Optional.ofNullable(env.get("PERISCOPE_AUDIT_SQLITE_PATH")).filter(p -> !p.isBlank()))
        .map(Path::of);
  }
}
