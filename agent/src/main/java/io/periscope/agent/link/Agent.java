package io.periscope.agent.link;

import io.grpc.ManagedChannel;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.RegisterResponse;
import io.periscope.tunnel.proto.RenewRequest;
import io.periscope.tunnel.proto.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: registers once (if its state holds no certificate), then keeps a
 * control stream to the server, reconnecting with jittered exponential back-off, and serves each
 * {@code Open} with a Proxy call. Once two thirds of its certificate's validity have passed it
 * renews the certificate over the live tunnel and reconnects with the new one, closing the old
 * connection only after the new one is welcomed. The key and certificate live in a {@link StateStore}
 * (a directory or a Kubernetes Secret), so a restart needs no new token. {@link #close()} stops it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  public static final String VERSION = "0.1.0";
  private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);

  private final AgentSettings settings;
  private final StateStore state;
  /** The key and certificate in use; replaced (after it is stored) when renewed. */
  private volatile Identity identity;
  private final ApiForwarder forwarder;
  private final Semaphore permits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();
  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile String lastError = "";
  private volatile String lastRefusal = "";
  private volatile ManagedChannel channel;
  /** The channel of the certificate just renewed away from: closed gracefully once the new one is welcomed. */
  private volatile ManagedChannel retiring;
  private final Clock clock;
  private final RenewalPolicy renewal = RenewalPolicy.DEFAULT;
  private final java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
  private volatile String lastRenewalError = "";
  private Thread loop;

  private Agent(AgentSettings settings, Clock clock) {
    this.settings = settings;
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
    Agent agent = new Agent(settings, clock);
    agent.identity = agent.state.load().orElse(null);
    if (agent.identity == null) {
      Identity registered = Registrar.register(settings);
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
    agent.loop = Thread.ofPlatform().name("periscope-agent-tunnel").daemon(true).start(agent::connectLoop);
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

  public boolean connected() {
    return connected;
  }

  /** Proxied requests in flight now. */
  public int inFlight() {
    return settings.maxConcurrentRequests() - permits.availablePermits();
  }

  /** The last time the server refused this agent (revoked, expired, CA rotated), with its reason; empty if never. */
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

  /** Why the last connection attempt ended, for logs and tests (empty while connected). */
  public String lastError() {
    return lastError;
  }

  /** Waits until connected; false on timeout. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!connected) {
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

  private void connectLoop() {
    Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    while (running) {
      SessionEnd end = SessionEnd.FAILED;
      try {
        end = session();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.getMessage();
        log.warn("tunnel session failed: {}", e.getMessage());
      }
      if (end != SessionEnd.FAILED) {
        backoff.reset();
      }
      if (!running) {
        return;
      }
      if (end == SessionEnd.RENEWED) {
        continue; // reconnect at once with the new certificate; the old tunnel serves until then
      }
      Duration delay = backoff.next();
      log.info("reconnecting to {} in {} ms ({})", settings.server(), delay.toMillis(), lastError);
      lock.lock();
      try {
        stateChanged.await(delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** How a session ended: never welcomed, welcomed then lost, or handed over to a renewed certificate. */
  private enum SessionEnd { FAILED, ENDED, RENEWED }

  /** Completes a session's {@code ended} future when the certificate was renewed. */
  private static final Status RENEWED = Status.OK.withDescription("certificate renewed; reconnecting with the new certificate");

  /** One control stream, until it ends. */
  private SessionEnd session() throws InterruptedException {
    ManagedChannel ch = newChannel();
    channel = ch;
    CompletableFuture<Status> ended = new CompletableFuture<>();
    boolean[] welcomed = {false};
    Thread renewer = null;
    try {
      AgentTunnelGrpc.AgentTunnelStub stub = AgentTunnelGrpc.newStub(ch);
      var control = stub.connect(new ClientResponseObserver<AgentFrame, ServerFrame>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<AgentFrame> requestStream) { }

        @Override
        public void onNext(ServerFrame frame) {
          switch (frame.getKindCase()) {
            case WELCOME -> {
              welcomed[0] = true;
              lastError = "";
              log.info("tunnel up to {} for cluster {}", settings.server(), frame.getWelcome().getCluster());
              setConnected(true);
              retireOldChannel();
            }
            case OPEN -> open(stub, frame.getOpen());
            default -> { }
          }
        }

        @Override
        public void onError(Throwable t) {
          Status s = Status.fromThrowable(t);
          ended.complete(s);
        }

        @Override
        public void onCompleted() {
          ended.complete(Status.OK);
        }
      });
      control.onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion(VERSION)
          .setMaxConcurrentRequests(settings.maxConcurrentRequests()).setHeadInOpen(true)).build());
      renewer = Thread.ofVirtual().name("periscope-agent-renewal").start(() -> renewWhenDue(ch, ended));
      Status status = ended.get();
      if (status == RENEWED) {
        // Keep this channel (its control stream and in-flight requests) until the new one is welcomed.
        retiring = ch;
        return SessionEnd.RENEWED;
      }
      lastError = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
          + (status.getCause() == null ? "" : " (" + status.getCause().getMessage() + ")");
      if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
        lastRefusal = lastError;
        log.error("the server refuses this agent: {}", lastError);
      } else {
        log.warn("tunnel down: {}", lastError);
      }
      return welcomed[0] ? SessionEnd.ENDED : SessionEnd.FAILED;
    } catch (java.util.concurrent.ExecutionException e) {
      return welcomed[0] ? SessionEnd.ENDED : SessionEnd.FAILED;
    } finally {
      if (renewer != null) {
        renewer.interrupt();
      }
      if (retiring != ch) {
        setConnected(false);
        ch.shutdownNow();
        retireOldChannel();
      }
    }
  }

  /**
   * While the session lasts, checks every {@code renewCheckInterval} whether the certificate is due
   * (two thirds of its validity passed) and if so renews it over this channel, i.e. authenticated by
   * the current certificate. A refused or failed renewal is retried at the next check.
   */
  private void renewWhenDue(ManagedChannel ch, CompletableFuture<Status> ended) {
    while (running && !ended.isDone()) {
      try {
        if (renewal.due(identity.leaf(), clock.instant())) {
          renew(ch);
          ended.complete(RENEWED);
          return;
        }
      } catch (IOException | RuntimeException e) {
        lastRenewalError = e.getMessage();
        log.warn("certificate renewal failed (retrying in {} ms): {}", settings.renewCheckInterval().toMillis(), e.getMessage());
      }
      try {
        ended.get(settings.renewCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // time for the next check
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void renew(ManagedChannel ch) throws IOException {
    var pair = Registrar.newKeyPair();
    try {
      RegisterResponse response = AgentTunnelGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
          .renew(RenewRequest.newBuilder().setCsrDer(ByteString.copyFrom(Registrar.csr(pair))).build());
      Identity renewed = Identity.of(pair.getPrivate(), response.getCertificateChainPem());
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

  private void retireOldChannel() {
    ManagedChannel old = retiring;
    retiring = null;
    if (old != null) {
      // Graceful: requests still streaming on the old certificate's connection finish there.
      old.shutdown();
    }
  }

  private void open(AgentTunnelGrpc.AgentTunnelStub stub, io.periscope.tunnel.proto.Open open) {
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

  private ManagedChannel newChannel() {
    try {
      var credentials = TlsChannelCredentials.newBuilder()
          .trustManager(settings.caBundle().toFile())
          .keyManager(identity.chain(), identity.key())
          .build();
      return NettyChannelBuilder.forTarget(settings.server(), credentials)
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

  private void setConnected(boolean value) {
    lock.lock();
    try {
      connected = value;
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    running = false;
    lock.lock();
    try {
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    for (ManagedChannel ch : new ManagedChannel[] {channel, retiring}) {
      if (ch != null) {
        ch.shutdownNow();
      }
    }
    if (loop != null) {
      loop.interrupt();
      try {
        loop.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdownNow();
  }
}
