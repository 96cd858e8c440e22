package io.periscope.demo.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock apiserver in CRUD mode on loopback, seeded by {@link DemoSeed}, with a
 * kubeconfig (context {@value #CONTEXT}) that reaches it over plain http without credentials.
 * Everything it holds lives in memory and is gone when it is closed.
 */
public final class DemoCluster implements AutoCloseable {
  public static final String CONTEXT = "demo";
  /**
   * fabric8's mock logs every request at INFO through java.util.logging, which buries the dev-mode
   * banner and the server's own logs. Held in a field because JUL keeps loggers only weakly.
   */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final Path directory;
  private final Path kubeconfig;

  private DemoCluster(KubernetesMockServer server, Path directory, Path kubeconfig) {
    this.server = server;
    this.directory = directory;
    this.kubeconfig = kubeconfig;
  }

  /** Starts the apiserver on an ephemeral loopback port, seeds it and writes the kubeconfig. */
  public static DemoCluster start(Clock clock) {
    var crud = new DemoApiDispatcher(List.of(CertManagerCrd.context()), clock);
    var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient seeder = server.createClient()) {
      new DemoSeed(seeder, clock.instant().truncatedTo(ChronoUnit.SECONDS)).seedAll();
    } catch (RuntimeException e) {
      server.destroy();
      throw e;
    }
    try {
      Path dir = Files.createTempDirectory("periscope-demo-");
      Path file = dir.resolve("kubeconfig");
      Files.writeString(file, kubeconfigYaml(URI.create("http://127.0.0.1:" + server.getPort())));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return new DemoCluster(server, dir, file);
    } catch (IOException e) {
      server.destroy();
      throw new UncheckedIOException("cannot write the demo kubeconfig", e);
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /**
   * Takes every request the apiserver received since the last call, oldest first. Seeding
   * requests are included: callers filter (for example by path and {@code Impersonate-User}).
   */
  public List<RecordedRequest> drainRequests() {
    List<RecordedRequest> out = new ArrayList<>();
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        out.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  @Override
  public void close() {
    server.destroy();
    try {
      Files.deleteIfExists(kubeconfig);
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // a temp directory left behind is harmless; the apiserver is already stopped
    }
  }

  static String kubeconfigYaml(URI server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        """.formatted(CONTEXT, server);
  }
}
