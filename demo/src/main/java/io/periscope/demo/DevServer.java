package io.periscope.demo;

import io.periscope.PeriscopeApp;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.config.ConfigLoader;
import io.periscope.config.PeriscopeConfig;
import io.periscope.demo.cluster.DemoCluster;
import io.periscope.demo.idp.DevIdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running dev-mode stack: development IdP, the clusters (the developer's kubeconfig contexts
 * or the embedded demo cluster) and the real Periscope server configured for loopback and tier
 * authorization. Closing it stops the pieces in reverse start order.
 */
public final class DevServer implements AutoCloseable {
  /** Dev-mode group → tier table, in the {@code auth.authorization.groupTiers} text form. */
  public static final String GROUP_TIERS = "sre-admins=admin,sre-oncall=triage,developers=write,leads=maintain,viewers=read";
  public static final String AUDIT_ADMIN_GROUPS = "sre-admins";

  /** Where clusters come from: a kubeconfig file (every context) or the embedded demo cluster. */
  public sealed interface ClusterSource {
    record Kubeconfig(Path file) implements ClusterSource {}

    record Demo() implements ClusterSource {}
  }

  /**
   * @param port HTTP port of the console (0 = pick a free one)
   * @param idpPort port of the development IdP (0 = ephemeral)
   * @param env environment for {@code PERISCOPE_*} settings; dev-mode settings override it
   */
  public record Options(int port, int idpPort, ClusterSource clusters, Map<String, String> env) {}

  private final DevIdentityProvider idp;
  private final Optional<DemoCluster> demo;
  private final List<ClusterSpec> clusters;
  private final PeriscopeApp app;

  private DevServer(DevIdentityProvider idp, Optional<DemoCluster> demo, List<ClusterSpec> clusters, PeriscopeApp app) {
    this.idp = idp;
    this.demo = demo;
    this.clusters = clusters;
    this.app = app;
  }

  public static DevServer start(Options options) {
    int port = options.port() == 0 ? freeLoopbackPort() : options.port();
    DevIdentityProvider idp = DevIdentityProvider.start(options.idpPort());
    Optional<DemoCluster> demo = Optional.empty();
    try {
      List<ClusterSpec> specs;
      if (options.clusters() instanceof ClusterSource.Kubeconfig(Path file)) {
        specs = DevClusters.fromKubeconfig(file);
      } else {
        demo = Optional.of(DemoCluster.start(Clock.systemUTC()));
        specs = List.of(DevClusters.demo(demo.get().kubeconfig(), DemoCluster.CONTEXT));
      }
      Map<String, String> overrides = overrides(port, idp.issuer());
      Path database = options.env().containsKey("PERISCOPE_AUDIT_SQLITE_PATH")
          ? Path.of(options.env().get("PERISCOPE_AUDIT_SQLITE_PATH"))
          : java.nio.file.Files.createTempDirectory("periscope-dev-").resolve("audit.db");
      overrides.put("audit.sqlitePath", database.toString());
      if (!options.env().containsKey("PERISCOPE_STORAGE_KEY_FILE") && !options.env().containsKey("PERISCOPE_STORAGE_KEY_ENV")) {
        overrides.put("storage.keyFile", DevKeys.beside(database).toString());
      }
      PeriscopeConfig config = ConfigLoader.load(Optional.empty(), options.env(), overrides);
      var registry = ClusterRegistry.fixed(specs, List.of(new KubeconfigConnector(config.clusters().requestTimeout())));
      PeriscopeApp app = PeriscopeApp.builder(config).clusters(registry).storageFromConfig().start();
      return new DevServer(idp, demo, specs, app);
    } catch (RuntimeException | IOException e) {
      demo.ifPresent(DemoCluster::close);
      idp.close();
      throw e instanceof IOException io ? new UncheckedIOException("cannot create the dev audit directory", io) : (RuntimeException) e;
    }
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

  public Optional<DemoCluster> demoCluster() {
    return demo;
  }

  public List<ClusterSpec> clusters() {
    return clusters;
  }

  @Override
  public void close() {
    app.close();
    demo.ifPresent(DemoCluster::close);
    idp.close();
  }

  private static int freeLoopbackPort() {
    // Racy by nature (another process may take it before Jetty binds), acceptable for dev and tests.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }
}
