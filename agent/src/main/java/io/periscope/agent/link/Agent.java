package io.periscope.agent.link;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@code Open} with a Proxy call. {@link #close()} stops it.
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
  private Thread loop;

  private Agent(AgentSettings settings) {
    this.settings = settings;
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
    Agent agent = new Agent(settings);
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
      boolean welcomed = false;
      try {
        welcomed = session();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.getMessage();
        log.warn("tunnel session failed: {}", e.getMessage());
      }
      if (welcomed) {
        backoff.reset();
      }
      if (!running) {
        return;
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

  /** One control stream, until it ends. @return true if the server welcomed us */
  private boolean session() throws InterruptedException {
    ManagedChannel ch = newChannel();
    channel = ch;
    CompletableFuture<Status> ended = new CompletableFuture<>();
    boolean[] welcomed = {false};
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
      Status status = ended.get();
      lastError = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
          + (status.getCause() == null ? "" : " (" + status.getCause().getMessage() + ")");
      if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
        lastRefusal = lastError;
        log.error("the server refuses this agent: {}", lastError);
      } else {
        log.warn("tunnel down: {}", lastError);
      }
      return welcomed[0];
    } catch (java.util.concurrent.ExecutionException e) {
      return welcomed[0];
    } finally {
      setConnected(false);
      ch.shutdownNow();
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
    ManagedChannel ch = channel;
    if (ch != null) {
      ch.shutdownNow();
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
