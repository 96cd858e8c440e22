package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.TunnelIds;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent keeps one tunnel per server replica it resolved; through a load balancer with several
 * addresses two of them can reach the same replica. The replica keeps both (a newer control stream
 * replaces an older one only with the same tunnel id), so they never push each other out, while an
 * agent of the first release (no id) still replaces its own earlier stream. Hand-driven control
 * streams with a registered agent's certificate.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentTunnelIdsEndToEndTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    fx.connectedAgent("edge-1").close();
    Path state = dir.resolve("state-edge-1-0");
    channel = NettyChannelBuilder.forTarget(fx.target(), TlsChannelCredentials.newBuilder().trustManager(fx.caBundle.toFile())
        .keyManager(state.resolve("agent.crt").toFile(), state.resolve("agent.key").toFile()).build()).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    fx.close();
  }

  @Test
  void twoTunnelsOfOneAgentReachingTheSameReplicaBothStay() throws Exception {
    ControlStream a = connect("tunnel-a");
    ControlStream b = connect("tunnel-b");

    assertThat(fx.tunnel.sessions().count("edge-1")).isEqualTo(2);
    assertThat(a.ended).isNotDone();

    b.cancel();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> fx.tunnel.sessions().count("edge-1") == 1);
    assertThat(fx.tunnel.sessions().connected("edge-1")).as("the other tunnel still serves the cluster").isTrue();
    assertThat(a.ended).isNotDone();
  }

  @Test
  void aTunnelReconnectingWithItsIdReplacesItsEarlierStream() throws Exception {
    ControlStream first = connect("tunnel-a");
    connect("tunnel-a");

    Status replaced = first.ended.get(10, TimeUnit.SECONDS);
    assertThat(replaced.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(replaced.getDescription()).contains("replaced by a newer connection");
    assertThat(fx.tunnel.sessions().count("edge-1")).isEqualTo(1);
  }

  @Test
  void anAgentOfTheFirstReleaseSendsNoIdAndStillReplacesItsEarlierStream() throws Exception {
    ControlStream first = connect(null);
    connect(null);

    assertThat(first.ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(fx.tunnel.sessions().count("edge-1")).isEqualTo(1);
  }

  @Test
  void anAgentOpeningStreamUnderEverNewIdsKeepsOnlyTheNewestHere() throws Exception {
    List<ControlStream> streams = new java.util.ArrayList<>();
    for (int i = 0; i <= AgentSessions.MAX_SESSIONS_PER_CLUSTER; i++) {
      streams.add(connect("tunnel-" + i));
    }

    Status oldest = streams.getFirst().ended.get(10, TimeUnit.SECONDS);
    assertThat(oldest.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(oldest.getDescription()).contains("more than " + AgentSessions.MAX_SESSIONS_PER_CLUSTER + " tunnels");
    assertThat(fx.tunnel.sessions().count("edge-1")).isEqualTo(AgentSessions.MAX_SESSIONS_PER_CLUSTER);
    assertThat(streams.subList(1, streams.size())).allSatisfy(s -> assertThat(s.ended).isNotDone());
  }

  /** A control stream, welcomed; {@code ended} completes with how the server ended it. */
  private record ControlStream(StreamObserver<AgentFrame> out, CompletableFuture<Status> ended) {
    void cancel() {
      out.onError(Status.CANCELLED.asRuntimeException());
    }
  }

  private ControlStream connect(String tunnelId) throws Exception {
    var stub = AgentTunnelGrpc.newStub(channel);
    if (tunnelId != null) {
      Metadata headers = new Metadata();
      headers.put(TunnelIds.HEADER, tunnelId);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    var welcomed = new CompletableFuture<Void>();
    var ended = new CompletableFuture<Status>();
    StreamObserver<AgentFrame> out = stub.connect(new StreamObserver<ServerFrame>() {
      @Override
      public void onNext(ServerFrame frame) {
        if (frame.hasWelcome()) {
          welcomed.complete(null);
        }
      }

      @Override
      public void onError(Throwable t) {
        welcomed.completeExceptionally(t);
        ended.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        ended.complete(Status.OK);
      }
    });
    // Every agent's first frame: the server welcomes (and lists) a control stream only after it.
    out.onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion("test").setMaxConcurrentRequests(8)).build());
    welcomed.get(10, TimeUnit.SECONDS);
    return new ControlStream(out, ended);
  }
}
