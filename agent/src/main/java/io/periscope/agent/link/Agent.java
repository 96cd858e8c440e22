package io.periscope.agent.link;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.RegisterResponse;
import io.periscope.tunnel.proto.RenewRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: registers once (if its state holds no certificate), then keeps a tunnel to
 * every address its server name resolves to — one per server replica when the name is a headless
 * Service, one when it is a load balancer — re-resolving every {@code resolveInterval}: a new
 * address gets a tunnel, a vanished one's tunnel is closed gracefully. Each {@link Tunnel}
 * reconnects with its own back-off and serves its {@code Open}s; {@code maxConcurrentRequests} holds
 * for the agent as a whole. Once two thirds of its certificate's validity have passed the agent
 * renews it once, over any live tunnel, stores it, and every tunnel reconnects with the new one,
 * closing its old connection only after the new one is welcomed. The key and certificate live in a
 * {@link StateStore} (a directory or a Kubernetes Secret), so a restart needs no new token. At start it
 * reads its cluster's identity ({@link ClusterUid}) and sends it in every Hello, so the server can refuse
 * a certificate used in another cluster. {@link #close()} stops it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  public static final String VERSION = "0.1.0";
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLUSTER_UID_TIMEOUT = Duration.ofSeconds(10);

  /** One tunnel's state: the address it dials ({@code ip:port}), whether it is up, and why it last went down. */
  public record TunnelState(String address, boolean connected, String lastError) {}

  private final AgentSettings settings;
  private final ServerAddress server;
  private final ServerResolver resolver;
  private final StateStore state;
  /** The key and certificate in use; replaced (after it is stored) when renewed. */
  private volatile Identity identity;
  /** The kube-system Namespace UID read at start, sent in every Hello; "" when it could not be read. */
  private volatile String clusterUid = "";
  private final ApiForwarder forwarder;
  private final Semaphore permits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  /** One tunnel per resolved address. */
  private final Map<InetSocketAddress, Tunnel> tunnels = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a tunnel comes up or goes down, and on close. */
  private final Condition stateChanged = lock.newCondition();
  /** Tunnels welcomed since start: the renewal check also runs right after every connect. */
  private final AtomicLong welcomes = new AtomicLong();
  private volatile boolean running = true;
  private volatile String lastRefusal = "";
  private volatile String lastResolveError = "";
  private final Clock clock;
  private final RenewalPolicy renewal = RenewalPolicy.DEFAULT;
  private final AtomicInteger renewals = new AtomicInteger();
  private volatile String lastRenewalError = "";
  /** The configured token was presented to register again (at most once per process, unless no server saw it). */
  private final AtomicBoolean tokenPresented = new AtomicBoolean();
  private final AtomicInteger registeredAgain = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private volatile String lastRegistrationError = "";
  private Thread resolving;
  private Thread renewing;

  private Agent(AgentSettings settings, Clock clock, ServerResolver resolver) {
    this.settings = settings;
    this.server = ServerAddress.parse(settings.server());
    this.resolver = resolver;
    this.clock = clock;
    this.forwarder = new ApiForwarder(settings.apiserver(), settings.tokenFile(), settings.apiserverCa());
    this.state = switch (settings.state()) {
      case StateLocation.Directory d -> new StateDir(d.path());
      case StateLocation.KubernetesSecret s -> new StateSecret(forwarder, s, STATE_TIMEOUT);
    };
    this.permits = new Semaphore(settings.maxConcurrentRequests());
  }

  /**
   * Loads the stored identity, or registers and stores a new one (synchronously, so a bad token
   * or an unusable state fails start-up), and starts the connect loop.
   *
   * @throws Registrar.RegistrationFailedException when registration is needed and refused
   * @throws StateStore.StateStoreException when the state cannot be read or the new identity not stored
   * @throws IllegalStateException when the stored certificate is for another cluster than {@code settings.cluster()}
   */
  public static Agent start(AgentSettings settings) {
    return start(settings, Clock.systemUTC());
  }

  /** How much the agent's JDK client reads from the apiserver at once (the JDK's default is 16 KB). */
  public static final int APISERVER_READ_BUFFER = 64 * 1024;

  /**
   * Makes this JVM's JDK HTTP clients read in {@link #APISERVER_READ_BUFFER} buffers unless
   * {@code jdk.httpclient.bufsize} is set already. Each read leaves as one tunnel frame, so a large
   * list moves in a quarter of the frames, each costing per-message work on both ends of the tunnel
   * (bench/README.md "Agent tunnel"). The JDK reads the property once, when its client is first
   * used: call this before anything builds one (the agent's own JVM does, first thing).
   */
  public static void readApiserverInLargeBuffers() {
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(APISERVER_READ_BUFFER));
    }
  }

  /** As {@link #start(AgentSettings)}, deciding certificate renewal by {@code clock} (tests move it). */
  public static Agent start(AgentSettings settings, Clock clock) {
    return start(settings, clock, ServerResolver.SYSTEM);
  }

  /** As {@link #start(AgentSettings, Clock)}, resolving the server's name with {@code resolver} (tests give several addresses). */
  public static Agent start(AgentSettings settings, Clock clock, ServerResolver resolver) {
    Agent agent = new Agent(settings, clock, resolver);
    agent.identity = agent.state.load().orElse(null);
    if (agent.identity == null) {
      Identity registered = Registrar.register(settings, resolver);
      try {
        agent.state.save(registered);
      } catch (StateStore.StateStoreException e) {
        throw new StateStore.StateStoreException("registered, but the certificate could not be stored, and the token is now"
            + " spent: " + e.getMessage() + "; fix that, then start again with a new token", e);
      }
      agent.identity = registered;
    } else {
      agent.requireCluster();
    }
    if (settings.clusterIdentity()) {
      agent.clusterUid = ClusterUid.read(agent.forwarder, CLUSTER_UID_TIMEOUT).orElse("");
    }
    agent.resolving = Thread.ofPlatform().name("periscope-agent-resolver").daemon(true).start(agent::resolveLoop);
    agent.renewing = Thread.ofVirtual().name("periscope-agent-renewal").start(agent::renewLoop);
    return agent;
  }

  private void requireCluster() {
    Optional<String> stored;
    try {
      stored = identity.cluster();
    } catch (IOException e) {
      throw new StateStore.StateStoreException(state.describe() + " holds no readable certificate: " + e.getMessage(), e);
    }
    settings.cluster().filter(expected -> stored.isPresent() && !stored.get().equals(expected)).ifPresent(expected -> {
      throw new IllegalStateException(state.describe() + " holds a certificate for cluster " + stored.get()
          + ", but this agent serves cluster " + expected + " (--cluster / PERISCOPE_AGENT_CLUSTER)");
    });
  }

  /** The identity of the cluster the agent runs in (its kube-system Namespace UID), "" when it could not be read. */
  public String clusterUid() {
    return clusterUid;
  }

  /**
   * The identity to send in a Hello: read again when the read at start failed (an apiserver blip, RBAC
   * granted since), because a server whose cluster name is bound refuses an agent that sends none.
   * Tunnels call it once per connection attempt, so their back-off paces the reads.
   */
  String clusterUidForHello() {
    if (clusterUid.isEmpty() && settings.clusterIdentity()) {
      synchronized (this) {
        if (clusterUid.isEmpty()) {
          clusterUid = ClusterUid.read(forwarder, CLUSTER_UID_TIMEOUT, false).orElse("");
        }
      }
    }
    return clusterUid;
  }

  /** Whether at least one tunnel is up (the agent is ready: some replica reaches its cluster). */
  public boolean connected() {
    return tunnels.values().stream().anyMatch(Tunnel::connected);
  }

  /** Each tunnel's state, by address. */
  public List<TunnelState> tunnels() {
    return tunnels.values().stream().map(Tunnel::state).sorted(Comparator.comparing(TunnelState::address)).toList();
  }

  /** How many tunnels are up. */
  public int connectedTunnels() {
    return (int) tunnels.values().stream().filter(Tunnel::connected).count();
  }

  /** Proxied requests in flight now, over all tunnels. */
  public int inFlight() {
    return settings.maxConcurrentRequests() - permits.availablePermits();
  }

  /** The last time a server refused this agent (revoked, expired, CA rotated), with its reason; empty if never. */
  public String lastRefusal() {
    return lastRefusal;
  }

  /** Certificates renewed since start. */
  public int renewals() {
    return renewals.get();
  }

  /** Why the last renewal attempt failed; empty if none failed since the last success. */
  public String lastRenewalError() {
    return lastRenewalError;
  }

  /**
   * Why the agent is not connected, for logs and readiness: the last resolution failure, or each
   * tunnel's last error and why registering again failed (empty while a tunnel is up).
   */
  public String lastError() {
    if (connected()) {
      return "";
    }
    List<TunnelState> states = tunnels();
    if (states.isEmpty() || !lastResolveError.isEmpty()) {
      return lastResolveError;
    }
    String tunnelsDown = String.join("; ", states.stream().filter(t -> !t.lastError().isEmpty())
        .map(t -> states.size() == 1 ? t.lastError() : t.address() + ": " + t.lastError()).toList());
    return lastRegistrationError.isEmpty() ? tunnelsDown
        : tunnelsDown + "; cannot register again: " + lastRegistrationError;
  }

  /** Waits until at least one tunnel is up; false on timeout. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return awaitTunnels(1, timeout);
  }

  /** Waits until at least {@code count} tunnels are up; false on timeout. */
  public boolean awaitTunnels(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (connectedTunnels() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        stateChanged.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Resolves the server's name now and every {@code resolveInterval}, keeping one tunnel per
   * address. A failed resolution changes nothing (a DNS hiccup must not drop live tunnels); with no
   * tunnel yet it is retried with back-off instead of waiting a whole interval.
   */
  private void resolveLoop() {
    Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    while (running) {
      Duration next = settings.resolveInterval();
      try {
        reconcile(server.endpoints(resolver.resolve(server.host())));
        lastResolveError = "";
        backoff.reset();
      } catch (UnknownHostException | RuntimeException e) {
        lastResolveError = "cannot resolve " + server.host() + ": " + e.getMessage();
        log.warn("{}", lastResolveError);
        if (tunnels.isEmpty()) {
          next = backoff.next();
        }
      }
      if (!awaitChange(next, () -> !running)) {
        return;
      }
    }
  }

  private void reconcile(Set<InetSocketAddress> addresses) {
    if (addresses.isEmpty()) {
      throw new IllegalStateException("it has no address");
    }
    if (!running) {
      return;
    }
    if (!addresses.equals(tunnels.keySet())) {
      log.info("{} resolves to {}", server.host(), addresses);
    }
    for (InetSocketAddress address : addresses) {
      tunnels.computeIfAbsent(address, a -> Tunnel.start(this, settings, a));
    }
    for (InetSocketAddress address : Set.copyOf(tunnels.keySet())) {
      if (!addresses.contains(address)) {
        Tunnel gone = tunnels.remove(address);
        if (gone != null) {
          gone.retire();
          tunnelChanged(false);
        }
      }
    }
  }

  /**
   * Checks every {@code renewCheckInterval}, and right after every connect, whether the certificate
   * is due (two thirds of its validity passed) and if so renews it once, over any live tunnel (i.e.
   * authenticated by the current certificate), then hands every tunnel over to it. A refused or
   * failed renewal is retried at the next check.
   */
  private void renewLoop() {
    while (running) {
      long seen = welcomes.get();
      ManagedChannel over = tunnels.values().stream().map(Tunnel::welcomedChannel).filter(Objects::nonNull).findFirst()
          .orElse(null);
      if (over != null) {
        try {
          if (renewal.due(identity.leaf(), clock.instant())) {
            renew(over);
            tunnels.values().forEach(Tunnel::handOver);
          }
        } catch (IOException | RuntimeException e) {
          lastRenewalError = e.getMessage();
          log.warn("certificate renewal failed (retrying in {} ms): {}", settings.renewCheckInterval().toMillis(), e.getMessage());
        }
      }
      if (!awaitChange(settings.renewCheckInterval(), () -> !running || welcomes.get() != seen)) {
        return;
      }
    }
  }

  /** Waits {@code timeout} or until {@code done} holds (checked when a tunnel changes); false when the agent stopped or was interrupted. */
  private boolean awaitChange(Duration timeout, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        stateChanged.awaitNanos(left);
      }
      return running;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void renew(ManagedChannel ch) throws IOException {
    var pair = Registrar.newKeyPair();
    try {
      RegisterResponse response = AgentTunnelGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .renew(RenewRequest.newBuilder().setCsrDer(ByteString.copyFrom(Registrar.csr(pair))).build());
      Identity renewed = identity.renewed(pair.getPrivate(), response.getCertificateChainPem());
      state.save(renewed); // stored first: a restart must find the certificate the server now knows
      identity = renewed;
      renewals.incrementAndGet();
      lastRenewalError = "";
      log.info("certificate renewed for cluster {}, valid until {}", response.getCluster(), renewed.leaf().getNotAfter().toInstant());
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("the server refused the renewal: " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()), e);
    }
  }

  Identity identity() {
    return identity;
  }

  /**
   * A server refused this agent's certificate. When it did so for good (revoked, expired, signed by
   * a rotated-away CA) and a registration token is configured, registers again with it, once per
   * process: an operator who gives the agent a new token and restarts it must not also have to empty
   * its state. A spent token is refused ({@code token_used}) and not presented again; the token the
   * refused certificate was bought with is known to be spent and never presented, even after a restart
   * (each presentation would be one more denied registration in the server's audit log).
   *
   * @param status the server's refusal
   * @param why the refusal as logged
   * @return true when a new certificate replaced the refused one (reconnect at once)
   */
  boolean refused(Status status, String why) {
    lastRefusal = why;
    refusals.incrementAndGet();
    Optional<String> token = settings.token().filter(t -> !t.isBlank());
    if (!FinalRefusal.is(status) || token.isEmpty() || !tokenPresented.compareAndSet(false, true)) {
      return false;
    }
    if (identity.registeredWith(token.get())) {
      lastRegistrationError = "the configured token is the one this agent registered with, so it is spent and was not presented;"
          + " put a new token in PERISCOPE_AGENT_TOKEN (the agent's token Secret) and restart the agent";
      log.error("the server refuses this agent's certificate ({}), and {}", FinalRefusal.code(status), lastRegistrationError);
      return false;
    }
    return registerAgain(status);
  }

  private synchronized boolean registerAgain(Status refusal) {
    String code = FinalRefusal.code(refusal);
    Identity fresh;
    try {
      fresh = Registrar.register(settings, resolver, refusedCluster().or(settings::cluster), "the certificate it had");
    } catch (Registrar.RegistrationFailedException e) {
      if (e.tokenUnused()) {
        tokenPresented.set(false); // no server saw it: the next refusal tries again
      }
      lastRegistrationError = "registering with the configured token failed: " + e.getMessage();
      log.error("the server refuses this agent's certificate ({}), and registering again with the configured token failed: {}."
          + " Give the agent a new registration token (PERISCOPE_AGENT_TOKEN) and restart it", code, e.getMessage());
      return false;
    }
    try {
      state.save(fresh); // stored first, as at start: a restart must find the certificate the server now knows
    } catch (StateStore.StateStoreException e) {
      lastRegistrationError = "registered again, but the certificate could not be stored, and the token is now spent: " + e.getMessage();
      log.error("{}; fix that, then restart the agent with a new token", lastRegistrationError);
      return false;
    }
    identity = fresh;
    registeredAgain.incrementAndGet();
    lastRegistrationError = "";
    log.info("the server refused this agent's certificate ({}); registered again with the configured token, valid until {}", code,
        validUntil(fresh));
    return true;
  }

  /** The cluster the refused certificate names; empty when it names none or cannot be read. */
  private Optional<String> refusedCluster() {
    try {
      return identity.cluster();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String validUntil(Identity identity) {
    try {
      return identity.leaf().getNotAfter().toInstant().toString();
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Times a server refused this agent's certificate since start. */
  public int refusals() {
    return refusals.get();
  }

  /** Times this agent replaced a refused certificate by registering again ({@link #refused}). */
  public int registeredAgain() {
    return registeredAgain.get();
  }

  /** Why the last attempt to register again failed; empty if none failed. */
  public String lastRegistrationError() {
    return lastRegistrationError;
  }

  /** A tunnel came up or went down. */
  void tunnelChanged(boolean welcomed) {
    lock.lock();
    try {
      if (welcomed) {
        welcomes.incrementAndGet();
      }
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Serves an {@code Open} from a tunnel with a Proxy call on the same connection, within the agent's one concurrency limit. */
  void open(AgentTunnelGrpc.AgentTunnelStub stub, io.periscope.tunnel.proto.Open open) {
    long id = open.getStreamId();
    if (!permits.tryAcquire()) {
      ProxyHandler.refuseBusy(stub, id);
      return;
    }
    try {
      ProxyHandler.start(stub, id, forwarder, executor, permits, open.hasHead() ? open.getHead() : null);
    } catch (RuntimeException e) {
      permits.release();
      log.warn("cannot open the proxy call {}: {}", id, e.getMessage());
    }
  }

  /**
   * A channel to one resolved address presenting {@code identity}; TLS verifies the server
   * certificate against the configured host name, whichever address is dialled.
   */
  ManagedChannel newChannel(InetSocketAddress address, Identity identity) {
    try {
      var credentials = TlsChannelCredentials.newBuilder()
          .trustManager(settings.caBundle().toFile())
          .keyManager(identity.chain(), identity.key())
          .build();
      return NettyChannelBuilder.forAddress(address, credentials)
          .overrideAuthority(server.authority())
          .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTimeout(10, TimeUnit.SECONDS)
          .keepAliveWithoutCalls(true)
          // Every callback on this channel only queues work or hands it to a virtual thread: no hop per message.
          .directExecutor()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the agent key and certificate from " + state.describe() + " or the CA bundle "
          + settings.caBundle(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    tunnelChanged(false);
    for (Thread t : new Thread[] {resolving, renewing}) {
      if (t != null) {
        t.interrupt();
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    tunnels.values().forEach(Tunnel::close);
    tunnels.clear();
    executor.shutdownNow();
  }
}
