package io.periscope.demo.fleet;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.KubeconfigConnector;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.clusters.eks.EksConnector;
import io.periscope.clusters.eks.EksTokenProvider;
import io.periscope.demo.aws.DemoAccount;
import io.periscope.demo.aws.FakeAws;
import io.periscope.demo.cluster.AwsIamAuthenticator;
import io.periscope.demo.cluster.DemoCluster;
import io.periscope.demo.cluster.DemoEstate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * The demo fleet: three clusters, each reached the way Periscope reaches such a cluster in
 * production, and the AWS account behind them.
 *
 * <ul>
 *   <li>{@value DemoEstate#PRODUCTION}: the {@code eks} backend. The server's real EKS connector
 *       calls {@code DescribeCluster} on the fake account for the endpoint and CA, and signs the
 *       {@code k8s-aws-v1.} token the https apiserver checks with STS ({@link AwsIamAuthenticator}).
 *   <li>{@value DemoEstate#STAGING}: the {@code kubeconfig} backend, its entry naming its EKS
 *       cluster and region so the AWS features work for it too.
 *   <li>{@value DemoEstate#EDGE}: the {@code agent} backend. The real periscope-agent registers
 *       with a token and dials the server's tunnel port, then relays to the private apiserver.
 * </ul>
 *
 * The AWS features of all of them use the server's real SDK clients against {@link FakeAws}.
 */
public final class DemoFleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);
  /** The service account token the agent presents to its apiserver (which, like the demo's, takes any). */
  private static final String AGENT_SA_TOKEN = "demo-agent-serviceaccount-token";

  private final FakeAws aws;
  private final CompletableFuture<Map<String, DemoCluster>> clusters;
  private final Path directory;
  private final Path stagingKubeconfig;
  private final Clock clock;
  private volatile Agent agent;
  private volatile boolean closed;
  private final AtomicBoolean clustersStarted = new AtomicBoolean();
  private volatile CompletableFuture<Agent> agentStart = CompletableFuture.failedFuture(new IllegalStateException("the agent was not started"));

  private DemoFleet(FakeAws aws, CompletableFuture<Map<String, DemoCluster>> clusters, Path directory, Path stagingKubeconfig, Clock clock) {
    this.aws = aws;
    this.clusters = clusters;
    this.directory = directory;
    this.stagingKubeconfig = stagingKubeconfig;
    this.clock = clock;
  }

  /** Starts the AWS account and the three apiservers, seeds them, and returns when all are up. */
  public static DemoFleet start(Clock clock) {
    return start(clock, List.of());
  }

  /** The fleet with {@code deniedToServer} refused to Periscope's server role in the demo's AWS account, all up on return. */
  public static DemoFleet start(Clock clock, List<String> deniedToServer) {
    DemoFleet fleet = launch(clock, deniedToServer);
    try {
      fleet.startClusters();
      fleet.ready();
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /**
   * Starts the AWS account and returns. The three apiservers start with {@link #startClusters()}
   * (dev mode calls it once the server listens: seeding them was most of its start-up). The
   * fleet's {@link #specs()} are known at once, and its {@link #connectors} wait for the apiservers,
   * so nobody sees a half-filled cluster.
   */
  public static DemoFleet launch(Clock clock, List<String> deniedToServer) {
    FakeAws aws = FakeAws.start(DemoAccount.load().withServerDenied(deniedToServer), clock);
    Path directory;
    try {
      directory = Files.createTempDirectory("periscope-demo-fleet-");
    } catch (IOException e) {
      aws.close();
      throw new UncheckedIOException("cannot create the demo fleet's directory", e);
    }
    return new DemoFleet(aws, new CompletableFuture<>(), directory, directory.resolve(DemoEstate.STAGING + ".kubeconfig"), clock);
  }

  /** Starts and seeds the three apiservers on a thread of their own (the first call only). */
  public void startClusters() {
    if (!clustersStarted.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().name("demo-fleet-start").start(() -> {
      try {
        clusters.complete(seed(aws, clock, stagingKubeconfig));
      } catch (RuntimeException | Error e) {
        clusters.completeExceptionally(e);
      }
    });
  }

  private static Map<String, DemoCluster> seed(FakeAws aws, Clock clock, Path stagingKubeconfig) {
    long began = System.nanoTime();
    // The production cluster's access entries (account.yaml): Periscope's server role signs in as the user its entry names.
    Map<String, String> accessEntries = new java.util.LinkedHashMap<>();
    aws.account().cluster(DemoEstate.PRODUCTION).orElseThrow().accessEntries().forEach(e -> accessEntries.put(e.principalArn(), e.username()));
    var authenticator = new AwsIamAuthenticator(DemoEstate.PRODUCTION, aws.endpoint(), accessEntries, clock);
    List<DemoCluster> started = new ArrayList<>();
    // One cluster after another on this one thread: when they started while the server did, three
    // at once took both cores and delayed the server's URL by more (~0.6 s at load 3.5) than it
    // brought the fleet forward (~0.35 s); see bench/README.md, "Cold start".
    try {
      DemoCluster production = timed(() -> DemoCluster.startEks(DemoEstate.production(), clock, authenticator));
      started.add(production);
      DemoCluster staging = timed(() -> DemoCluster.start(DemoEstate.staging(), clock, stagingKubeconfig));
      started.add(staging);
      started.add(timed(() -> DemoCluster.start(DemoEstate.edge(), clock)));
      for (DemoCluster c : List.of(production, staging)) {
        aws.attach(c.estate().name(), c.url(), c.caPem());
      }
      aws.scanNodes(production.estate().nodes().stream().map(n -> io.periscope.demo.aws.Ec2InstanceIds.of(n.name())).toList(),
          production.estate().karpenterInstanceTags());
      Map<String, DemoCluster> byName = new java.util.LinkedHashMap<>();
      started.forEach(c -> byName.put(c.estate().name(), c));
      log.info("demo fleet up in {} ms: {} and AWS account {}", (System.nanoTime() - began) / 1_000_000, byName.keySet(), aws.account().accountId());
      return byName;
    } catch (RuntimeException e) {
      log.error("the demo fleet could not start", e);
      started.forEach(DemoCluster::close);
      throw e;
    }
  }

  /** The three apiservers, once started and seeded. @throws IllegalStateException when they could not start */
  private Map<String, DemoCluster> ready() {
    try {
      return clusters.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the demo fleet did not start: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static DemoCluster timed(java.util.function.Supplier<DemoCluster> start) {
    long began = System.nanoTime();
    DemoCluster c = start.get();
    log.debug("demo cluster {} seeded in {} ms", c.estate().name(), (System.nanoTime() - began) / 1_000_000);
    return c;
  }

  /** The three clusters' entries, as a clusters.yaml would list them. */
  public List<ClusterSpec> specs() {
    DemoAccount account = aws.account();
    return List.of(
        new ClusterSpec(DemoEstate.PRODUCTION, Backend.EKS, Optional.of("us-east-1"), Optional.of(eksArn(account, "us-east-1", DemoEstate.PRODUCTION)),
            Optional.of(DemoEstate.PRODUCTION), "production", Map.of("team", "platform", "tier", "1"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(true)),
        new ClusterSpec(DemoEstate.STAGING, Backend.KUBECONFIG, Optional.of("us-west-2"), Optional.of(eksArn(account, "us-west-2", DemoEstate.STAGING)),
            Optional.of(DemoEstate.STAGING), "staging", Map.of("team", "platform"), Optional.of(stagingKubeconfig.toString()),
            Optional.of(DemoEstate.STAGING), Optional.empty()),
        new ClusterSpec(DemoEstate.EDGE, Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "edge",
            Map.of("site", "plant-7", "network", "private"), Optional.empty(), Optional.empty(), Optional.of(DemoEstate.EDGE)));
  }

  private static String eksArn(DemoAccount account, String region, String name) {
    return "arn:aws:eks:" + region + ":" + account.accountId() + ":cluster/" + name;
  }

  /** The server's AWS clients: the demo credentials (Periscope's server role in the fake account), every service at {@link FakeAws}. */
  public AwsClients awsClients(Duration timeout) {
    return aws.clients(timeout, clock);
  }

  /**
   * The production connectors for the three backends, with the demo's AWS clients and the server's
   * tunnel, each connecting only once the apiservers are up (a request meanwhile waits for them).
   */
  public List<ClusterConnector> connectors(Duration timeout, Optional<TunnelServer> tunnel, AwsClients aws) {
    return Stream.of(new EksConnector(timeout, aws), new KubeconfigConnector(timeout), new AgentConnector(timeout, tunnel))
        .<ClusterConnector>map(c -> new AfterFleetStart(c, clusters)).toList();
  }

  /**
   * Mints a registration token on the server's tunnel and starts periscope-agent for the private
   * cluster in the background (registration, then the tunnel); the console shows the cluster as
   * disconnected until it is up, as it would a real one.
   */
  public void startAgent(TunnelServer tunnel) {
    agentStart = clusters.thenApplyAsync(up -> {
      try {
        Path dir = Files.createDirectories(directory.resolve("agent"));
        Path caBundle = Files.writeString(dir.resolve("ca-bundle.pem"), tunnel.registrations().ca().certificatePem());
        Path apiserverCa = Files.writeString(dir.resolve("apiserver-ca.crt"), cluster(DemoEstate.EDGE).caPem());
        Path token = Files.writeString(dir.resolve("serviceaccount-token"), AGENT_SA_TOKEN);
        var settings = new AgentSettings("127.0.0.1:" + tunnel.port(), Optional.of(tunnel.registrations().mint(DemoEstate.EDGE).token()),
            caBundle, dir.resolve("state"), cluster(DemoEstate.EDGE).url(), token, Optional.of(apiserverCa), 64,
            Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30));
        Agent started = Agent.start(settings, clock);
        agent = started;
        if (closed) {
          started.close();
        }
        return started;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the demo agent's files", e);
      }
    }, task -> Thread.ofVirtual().name("demo-agent-start").start(task));
    agentStart.whenComplete((a, e) -> {
      if (e != null) {
        log.error("the demo agent for {} did not start: {}", DemoEstate.EDGE, e.getMessage());
      }
    });
  }

  /** Waits until the agent's tunnel is up. */
  public boolean awaitAgent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Agent a = agentStart.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return a.awaitConnected(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /**
   * A client for a cluster as its administrator, the way someone with kubectl reaches it: the
   * production cluster with an {@code aws eks get-token} token of the server role (its access
   * entry), the others with their CA and no credentials. No impersonation.
   */
  public KubernetesClient adminClient(String name) {
    DemoCluster c = cluster(name);
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(c.url().toString())
        .withCaCertData(Base64.getEncoder().encodeToString(c.caPem().getBytes(StandardCharsets.US_ASCII))).build();
    if (name.equals(DemoEstate.PRODUCTION)) {
      config.setOauthTokenProvider(new EksTokenProvider(name, name, Region.US_EAST_1, aws.endpoint(), aws.credentials(), clock));
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public DemoCluster cluster(String name) {
    DemoCluster c = ready().get(name);
    if (c == null) {
      throw new IllegalArgumentException("the demo fleet has no cluster '" + name + "'");
    }
    return c;
  }

  /** The three clusters (waits until they are up). */
  public List<DemoCluster> clusters() {
    return List.copyOf(ready().values());
  }

  public FakeAws aws() {
    return aws;
  }

  /** Stops the agent (before the server's tunnel goes, so it does not try to reconnect). */
  public void stopAgent() {
    closed = true;
    Agent a = agent;
    if (a != null) {
      a.close();
    }
  }

  @Override
  public void close() {
    stopAgent();
    // A start still in progress finishes first, so no apiserver outlives the fleet; one never begun never will.
    if (clustersStarted.compareAndSet(false, true)) {
      clusters.cancel(false);
    }
    clusters.handle((started, failed) -> started == null ? Map.<String, DemoCluster>of() : started).join().values().forEach(DemoCluster::close);
    aws.close();
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
