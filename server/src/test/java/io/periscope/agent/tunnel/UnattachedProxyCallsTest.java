package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Attach;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admitted agent that opens Proxy calls and never attaches them: each would hold a stream and
 * its buffers on the server for as long as the connection lives. Played on the wire by a plain gRPC
 * client with a genuine agent certificate.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class UnattachedProxyCallsTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ManagedChannel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    fx.close();
  }

  /** A Proxy call as the client sees it: its stream to the server and how the server ended it. */
  private record Held(ClientCallStreamObserver<AgentProxyFrame> out, CompletableFuture<Status> ended) {}

  private Held openProxyCall() {
    TunnelFixture.ProxyStream stream = TunnelFixture.proxyStream(channel);
    return new Held(stream.out(), stream.ended());
  }

  @Test
  void aProxyCallThatSendsNoAttachWithinTheOpenTimeoutIsEnded() throws Exception {
    fx = new TunnelFixture(dir, Duration.ofMillis(300));
    channel = fx.certifiedChannel("edge-1");

    Held silent = openProxyCall();

    Status status = silent.ended().get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(status.getDescription()).isEqualTo("the Proxy call sent no Attach within 300 ms of opening");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.unattachedCalls("edge-1") == 0);
  }

  @Test
  void aCallThatAttachesStopsCountingAndServesItsRequest() throws Exception {
    fx = new TunnelFixture(dir, Duration.ofMinutes(10));
    channel = fx.certifiedChannel("edge-1");
    BlockingQueue<Long> opens = new LinkedBlockingQueue<>();
    AgentTunnelGrpc.newStub(channel).connect(new StreamObserver<ServerFrame>() {
      @Override
      public void onNext(ServerFrame frame) {
        if (frame.hasOpen()) {
          opens.add(frame.getOpen().getStreamId());
        }
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onCompleted() { }
    }).onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion("test").setMaxConcurrentRequests(8)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.sessions().connected("edge-1"));
    CompletableFuture<ProxyCall> opened = fx.openInBackground("edge-1");
    long id = opens.poll(10, TimeUnit.SECONDS);

    Held call = openProxyCall();
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.unattachedCalls("edge-1") == 1);
    call.out().onNext(AgentProxyFrame.newBuilder().setAttach(Attach.newBuilder().setStreamId(id)).build());

    assertThat(opened.get(10, TimeUnit.SECONDS).id()).isEqualTo(id);
    assertThat(fx.tunnel.unattachedCalls("edge-1")).isZero();
    assertThat(call.ended()).isNotDone();
  }

  @Test
  void aProxyCallHalfClosedBeforeItsAttachIsEndedAtOnce() throws Exception {
    fx = new TunnelFixture(dir, Duration.ofMinutes(10));
    channel = fx.certifiedChannel("edge-1");

    Held call = openProxyCall();
    call.out().onCompleted();

    Status status = call.ended().get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).isEqualTo("the Proxy call was half-closed before its Attach");
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.unattachedCalls("edge-1") == 0);
  }

  @Test
  void aClusterHoldsAtMostTheCapOfUnattachedCallsAndOneEndingMakesRoom() throws Exception {
    // Long enough that none times out while the test runs: the cap alone is tested here.
    fx = new TunnelFixture(dir, Duration.ofMinutes(10));
    channel = fx.certifiedChannel("edge-1");
    List<Held> held = new ArrayList<>();
    for (int i = 0; i < UnattachedCalls.MAX_PER_CLUSTER; i++) {
      held.add(openProxyCall());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.tunnel.unattachedCalls("edge-1") == UnattachedCalls.MAX_PER_CLUSTER);

    Held oneTooMany = openProxyCall();

    Status refused = oneTooMany.ended().get(10, TimeUnit.SECONDS);
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getDescription()).isEqualTo("the agent of cluster 'edge-1' holds 256 Proxy calls that have not attached; attach those first");
    assertThat(held).allSatisfy(h -> assertThat(h.ended()).as("the calls held before stay").isNotDone());

    held.getFirst().out().cancel("the agent gives up", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.unattachedCalls("edge-1") == UnattachedCalls.MAX_PER_CLUSTER - 1);
    Held admitted = openProxyCall();
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.unattachedCalls("edge-1") == UnattachedCalls.MAX_PER_CLUSTER);
    assertThat(admitted.ended()).isNotDone();
  }
}
