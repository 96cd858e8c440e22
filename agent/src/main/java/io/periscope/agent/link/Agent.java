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
 * The running agent: registers once (if the state directory holds no certificate), then keeps a
 * control stream to the server, reconnecting with jittered exponential back-off, and serves each
 * {@code Open} with a Proxy call. Once two thirds of its certificate's validity have passed it
 * renews the certificate over the live tunnel and reconnects with the new one, closing the old
 * connection only after the new one is welcomed. {@link #close()} stops it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  public static final String VERSION = "0.1.0";

  private final AgentSettings settings;
  private final StateDir state;
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
    this.state = new StateDir(settings.stateDir());
    this.forwarder = new ApiForwarder(settings.apiserver(), settings.tokenFile(), settings.apiserverCa());
    this.permits = new Semaphore(settings.maxConcurrentRequests());
  }

  /**
   * Registers if needed (synchronously, so a bad token fails start-up) and starts the connect loop.
   *
   * @throws Registrar.RegistrationFailedException when registration is needed and refused
   */
  public static Agent start(AgentSettings settings) {
    return start(settings, Clock.systemUTC());
  }

  /** As {@link #start(AgentSettings)}, deciding certificate renewal by {@code clock} (tests move it). */
  public static Agent start(AgentSettings settings, Clock clock) {
    Agent agent = new Agent(settings, clock);
    if (!agent.state.registered()) {
      Registrar.register(settings, agent.state);
    }
    agent.loop = Thread.ofPlatform().name("periscope-agent-tunnel").daemon(true).start(agent::connectLoop);
    return agent;
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
            case OPEN -> open(stub, frame.getOpen().getStreamId());
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
          .setMaxConcurrentRequests(settings.maxConcurrentRequests())).build());
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
        if (renewal.due(RenewalPolicy.leaf(state.certificate()), clock.instant())) {
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
      state.store(pair.getPrivate(), response.getCertificateChainPem());
      renewals.incrementAndGet();
      lastRenewalError = "";
      log.info("certificate renewed for cluster {}, valid until {}", response.getCluster(),
          RenewalPolicy.leaf(state.certificate()).getNotAfter().toInstant());
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

  private void open(AgentTunnelGrpc.AgentTunnelStub stub, long id) {
    if (!permits.tryAcquire()) {
      ProxyHandler.refuseBusy(stub, id);
      return;
    }
    try {
      ProxyHandler.start(stub, id, forwarder, executor, permits);
    } catch (RuntimeException e) {
      permits.release();
      log.warn("cannot open the proxy call {}: {}", id, e.getMessage());
    }
  }

  private ManagedChannel newChannel() {
    try {
      var credentials = TlsChannelCredentials.newBuilder()
          .trustManager(settings.caBundle().toFile())
          .keyManager(state.certificate().toFile(), state.key().toFile())
          .build();
      return NettyChannelBuilder.forTarget(settings.server(), credentials)
          .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTimeout(10, TimeUnit.SECONDS)
          .keepAliveWithoutCalls(true)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent credentials in " + settings.stateDir() + " or the CA bundle "
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
