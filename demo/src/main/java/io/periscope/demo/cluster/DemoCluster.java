package io.periscope.demo.cluster;

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
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock apiserver in CRUD mode on loopback over https (a self-signed serving certificate
 * for 127.0.0.1, which is also its CA), seeded with a {@link DemoEstate}. A plain cluster takes
 * requests without credentials and comes with a kubeconfig (context = the estate's name); an
 * EKS-like one authenticates every request with an {@link AwsIamAuthenticator}, as EKS does, and
 * is reached the way Periscope reaches EKS (no kubeconfig). Everything it holds lives in memory
 * and is gone when it is closed.
 */
public final class DemoCluster implements AutoCloseable {
  /**
   * fabric8's mock logs every request at INFO through java.util.logging, which buries the dev-mode
   * banner and the server's own logs. Held in a field because JUL keeps loggers only weakly.
   */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  /** How often a followed pod log gets its next line (a quiet service's request log). */
  static final Duration FOLLOWED_LINE_EVERY = Duration.ofSeconds(3);

  private final DemoEstate estate;
  private final KubernetesMockServer server;
  private final MockWebServer web;
  private final DemoApiFront front;
  private final KubeletTimer kubelets;
  private final Optional<Path> directory;
  private final Optional<Path> kubeconfig;

  private DemoCluster(DemoEstate estate, Started started, Optional<Path> directory, Optional<Path> kubeconfig) {
    this.estate = estate;
    this.server = started.server();
    this.web = started.web();
    this.front = started.front();
    this.kubelets = started.kubelets();
    this.directory = directory;
    this.kubeconfig = kubeconfig;
  }

  /** A plain cluster: starts the apiserver on an ephemeral loopback port, seeds it and writes its kubeconfig. */
  public static DemoCluster start(DemoEstate estate, Clock clock) {
    return start(estate, clock, FOLLOWED_LINE_EVERY);
  }

  /** {@link #start(DemoEstate, Clock)} with a followed log's next line every {@code followedLineEvery} (tests: quicker). */
  static DemoCluster start(DemoEstate estate, Clock clock, Duration followedLineEvery) {
    return start(estate, clock, followedLineEvery, KubeletTimer.scheduled(estate.name()));
  }

  /** {@link #start(DemoEstate, Clock, Duration)} whose kubelets confirm a pod's deletion when {@code kubelets} says (tests: on demand). */
  static DemoCluster start(DemoEstate estate, Clock clock, Duration followedLineEvery, KubeletTimer kubelets) {
    Path dir;
    try {
      dir = Files.createTempDirectory("periscope-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo cluster's directory", e);
    }
    return start(estate, clock, Optional.of(dir), dir.resolve("kubeconfig"), followedLineEvery, kubelets);
  }

  /**
   * A plain cluster whose kubeconfig goes to {@code kubeconfig} (chosen before the apiserver listens,
   * so a cluster entry can name it early); the caller owns the file's directory.
   */
  public static DemoCluster start(DemoEstate estate, Clock clock, Path kubeconfig) {
    return start(estate, clock, Optional.empty(), kubeconfig, FOLLOWED_LINE_EVERY, KubeletTimer.scheduled(estate.name()));
  }

  private static DemoCluster start(DemoEstate estate, Clock clock, Optional<Path> dir, Path file, Duration followedLineEvery,
      KubeletTimer kubelets) {
    var started = startSeeded(estate, clock, followedLineEvery, kubelets);
    try {
      Files.writeString(file, kubeconfigYaml(estate.name(), URI.create("https://127.0.0.1:" + started.front().port()),
          Files.readString(Path.of(started.web().getSelfSignedCertificate().certificatePath()))));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return new DemoCluster(estate, started, dir, Optional.of(file));
    } catch (IOException e) {
      started.front().close();
      started.server().destroy();
      started.kubelets().close();
      throw new UncheckedIOException("cannot write the demo kubeconfig", e);
    }
  }

  /** An EKS-like cluster: https, and once seeded, only bearer tokens {@code authenticator} accepts. */
  public static DemoCluster startEks(DemoEstate estate, Clock clock, AwsIamAuthenticator authenticator) {
    var started = startSeeded(estate, clock, FOLLOWED_LINE_EVERY, KubeletTimer.scheduled(estate.name()));
    started.dispatcher().requireAuthentication(authenticator);
    return new DemoCluster(estate, started, Optional.empty(), Optional.empty());
  }

  private record Started(KubernetesMockServer server, MockWebServer web, DemoApiDispatcher dispatcher, DemoApiFront front,
      KubeletTimer kubelets) {}

  private static Started startSeeded(DemoEstate estate, Clock clock, Duration followedLineEvery, KubeletTimer kubelets) {
    var crud = new DemoApiDispatcher(java.util.stream.Stream.concat(java.util.stream.Stream.of(CertManagerCrd.context()),
        KarpenterDemo.contexts().stream()).toList(), clock, estate, kubelets);
    var web = new MockWebServer();
    var server = new KubernetesMockServer(new Context(), web, new HashMap<>(), crud, true);
    // Seeded before it listens: nobody sees a half-filled cluster.
    new DemoSeed(new StoreWriter(crud), estate, clock.instant().truncatedTo(ChronoUnit.SECONDS)).seedAll();
    crud.startControllers();
    server.init(InetAddress.getLoopbackAddress(), 0);
    // Clients reach the mock through the front, which keeps a followed pod log open while its container runs.
    var front = DemoApiFront.start(web.getSelfSignedCertificate(), server.getPort(), crud::followedLogLine, followedLineEvery);
    return new Started(server, web, crud, front, kubelets);
  }

  public DemoEstate estate() {
    return estate;
  }

  /** The kubeconfig of a plain cluster. @throws IllegalStateException for an EKS-like one, which has none */
  public Path kubeconfig() {
    return kubeconfig.orElseThrow(() -> new IllegalStateException(estate.name() + " is reached as an EKS cluster, without a kubeconfig"));
  }

  /** Followed pod logs the apiserver holds open now. */
  int followedLogs() {
    return front.following();
  }

  public URI url() {
    return URI.create("https://127.0.0.1:" + front.port());
  }

  /** The PEM certificate the apiserver serves (self-signed, so also its CA). */
  public String caPem() {
    try {
      return Files.readString(Path.of(web.getSelfSignedCertificate().certificatePath()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo apiserver's certificate", e);
    }
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
    front.close();
    kubelets.close();
    server.destroy();
    if (web.getSelfSignedCertificate() != null) {
      web.getSelfSignedCertificate().delete();
    }
    try {
      if (kubeconfig.isPresent()) {
        Files.deleteIfExists(kubeconfig.get());
      }
      if (directory.isPresent()) {
        Files.deleteIfExists(directory.get());
      }
    } catch (IOException ignored) {
      // a temp directory left behind is harmless; the apiserver is already stopped
    }
  }

  static String kubeconfigYaml(String context, URI server, String caPem) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
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
        """.formatted(context, server, java.util.Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }
}
