package io.periscope.agent.link;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.periscope.tunnel.TunnelIds;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ServerFrame;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tunnel to one server address (one replica): a control stream, reconnected with its
 * own jittered back-off, serving each {@code Open} with a Proxy call on the same connection. When the
 * agent's certificate is renewed it reconnects with the new one and closes the old connection only
 * once the new one is welcomed. {@link #retire()} ends it gracefully (its address is no longer
 * resolved), {@link #close()} at once (the agent stops).
 */
final class Tunnel {
  private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

  /** Completes a session's {@code ended} future when the certificate was renewed. */
  private static final Status RENEWED = Status.OK.withDescription("certificate renewed; reconnecting with the new certificate");
  /** Completes a session's {@code ended} future when the tunnel is retired. */
  private static final Status RETIRED = Status.OK.withDescription("the server address is no longer resolved");

  /**
   * How a session ended: never welcomed, welcomed then lost, handed over to a renewed certificate,
   * refused and replaced by registering again, or retired.
   */
  private enum SessionEnd { FAILED, ENDED, RENEWED, REREGISTERED, RETIRED }

  private final Agent agent;
  private final AgentSettings settings;
  private final InetSocketAddress address;
  /** Sent with every control stream of this tunnel, so the server replaces only this tunnel's earlier stream. */
  private final String id = UUID.randomUUID().toString();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile String lastError = "";
  /** Said once, then every so often: a refused agent retries for as long as it runs. */
  private final RepeatedRefusal refusal = new RepeatedRefusal();
  private boolean quiet;
  private volatile ManagedChannel channel;
  /** The channel of the certificate just renewed away from: closed gracefully once the new one is welcomed. */
  private volatile ManagedChannel retiring;
  /** The current session's end; completed with {@link #RENEWED} or {@link #RETIRED} from outside. */
  private volatile CompletableFuture<Status> ended;
  private Thread loop;

  private Tunnel(Agent agent, AgentSettings settings, InetSocketAddress address) {
    this.agent = agent;
    this.settings = settings;
    this.address = address;
  }

  static Tunnel start(Agent agent, AgentSettings settings, InetSocketAddress address) {
    Tunnel t = new Tunnel(agent, settings, address);
    t.loop = Thread.ofPlatform().name("periscope-agent-tunnel-" + address).daemon(true).start(t::connectLoop);
    return t;
  }

  InetSocketAddress address() {
    return address;
  }

  boolean connected() {
    return connected;
  }

  String lastError() {
    return lastError;
  }

  Agent.TunnelState state() {
    return new Agent.TunnelState(address.getAddress().getHostAddress() + ":" + address.getPort(), connected, lastError);
  }

  /** The channel of the welcomed session, or null when not connected. */
  ManagedChannel welcomedChannel() {
    return connected ? channel : null;
  }

  /** The certificate was renewed: reconnect with it, keeping the old connection until the new one is welcomed. */
  void handOver() {
    CompletableFuture<Status> e = ended;
    if (e != null) {
      e.complete(RENEWED);
    }
  }

  /** The address is no longer resolved: close the control stream and let in-flight requests finish. */
  void retire() {
    running = false;
    CompletableFuture<Status> e = ended;
    if (e != null) {
      e.complete(RETIRED);
    }
    signal();
  }

  /** The agent stops: drop the connections now. */
  void close() {
    running = false;
    signal();
    for (ManagedChannel ch : new ManagedChannel[] {channel, retiring}) {
      if (ch != null) {
        ch.shutdownNow();
      }
    }
    loop.interrupt();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
        log.warn("tunnel session to {} failed: {}", address, e.getMessage());
      }
      if (end != SessionEnd.FAILED) {
        backoff.reset();
      }
      if (!running || end == SessionEnd.RETIRED) {
        return;
      }
      if (end == SessionEnd.RENEWED || end == SessionEnd.REREGISTERED) {
        continue; // reconnect at once with the new certificate (after a renewal the old connection serves until then)
      }
      Duration delay = backoff.next();
      if (quiet) {
        log.debug("reconnecting to {} ({}) in {} ms ({})", settings.server(), address, delay.toMillis(), lastError);
      } else {
        log.info("reconnecting to {} ({}) in {} ms ({})", settings.server(), address, delay.toMillis(), lastError);
      }
      lock.lock();
      try {
        if (running) {
          wake.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** One control stream, until it ends. */
  private SessionEnd session() throws InterruptedException {
    Identity using = agent.identity();
    ManagedChannel ch = agent.newChannel(address, using);
    channel = ch;
    CompletableFuture<Status> ended = new CompletableFuture<>();
    this.ended = ended;
    // Renewed or retired while this session was being set up: the caller's signal went to the previous session.
    if (agent.identity() != using) {
      ended.complete(RENEWED);
    }
    if (!running) {
      ended.complete(RETIRED);
    }
    boolean[] welcomed = {false};
    ClientCallStreamObserver<AgentFrame>[] control = newControlHolder();
    Status status;
    // Before the stream opens: a read retried here (none at start) must not hold the server waiting for the Hello.
    String clusterUid = agent.clusterUidForHello();
    try {
      Metadata headers = new Metadata();
      headers.put(TunnelIds.HEADER, id);
      AgentTunnelGrpc.AgentTunnelStub stub = AgentTunnelGrpc.newStub(ch);
      stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .connect(new ClientResponseObserver<AgentFrame, ServerFrame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AgentFrame> requestStream) {
              control[0] = requestStream;
            }

            @Override
            public void onNext(ServerFrame frame) {
              switch (frame.getKindCase()) {
                case WELCOME -> {
                  welcomed[0] = true;
                  lastError = "";
                  log.info("tunnel up to {} ({}) for cluster {}", settings.server(), address, frame.getWelcome().getCluster());
                  setConnected(true);
                  retireOldChannel();
                }
                case OPEN -> agent.open(stub, frame.getOpen());
                default -> { }
              }
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              ended.complete(Status.OK);
            }
          });
      control[0].onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion(Agent.VERSION)
          .setMaxConcurrentRequests(settings.maxConcurrentRequests()).setHeadInOpen(true).setClusterUid(clusterUid)).build());
      status = ended.get();
    } catch (ExecutionException e) {
      status = Status.fromThrowable(e.getCause());
    } catch (InterruptedException | RuntimeException e) {
      setConnected(false);
      ch.shutdownNow();
      retireOldChannel();
      throw e;
    }
    if (status == RENEWED) {
      // Keep this channel (its control stream and in-flight requests) until the new one is welcomed.
      ManagedChannel older = retiring;
      retiring = ch;
      if (older != null) {
        older.shutdown();
      }
      return SessionEnd.RENEWED;
    }
    setConnected(false);
    if (status == RETIRED) {
      // Graceful: the server drops this stream's session at once; requests still streaming here finish.
      try {
        control[0].onCompleted();
      } catch (RuntimeException ignored) {
        // the stream already ended
      }
      ch.shutdown();
      retireOldChannel();
      log.info("tunnel to {} ({}) closed: {}", settings.server(), address, RETIRED.getDescription());
      return SessionEnd.RETIRED;
    }
    ch.shutdownNow();
    retireOldChannel();
    lastError = ServerFailure.describe(status, settings.server(), settings.caBundle());
    if (welcomed[0]) {
      refusal.reset();
    }
    if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
      if (agent.refused(status, lastError)) {
        return SessionEnd.REREGISTERED;
      }
      int before = refusal.seen(lastError);
      quiet = before < 0;
      if (before == 0) {
        log.error("the server at {} refuses this agent: {}", address, lastError);
      } else if (before > 0) {
        log.error("the server at {} still refuses this agent ({} attempts since it first said so): {}", address, before + 1, lastError);
      } else {
        log.debug("the server at {} refuses this agent again: {}", address, lastError);
      }
    } else {
      quiet = false;
      log.warn("tunnel to {} down: {}", address, lastError);
    }
    return welcomed[0] ? SessionEnd.ENDED : SessionEnd.FAILED;
  }

  @SuppressWarnings("unchecked")
  private static ClientCallStreamObserver<AgentFrame>[] newControlHolder() {
    return new ClientCallStreamObserver[1];
  }

  private void retireOldChannel() {
    ManagedChannel old = retiring;
    retiring = null;
    if (old != null) {
      // Graceful: requests still streaming on the old certificate's connection finish there.
      old.shutdown();
    }
  }

  private void setConnected(boolean value) {
    connected = value;
    agent.tunnelChanged(value);
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
