package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control stream is listed only once its Hello passed the identity check, so one that never sends
 * a Hello would hold its connection where nobody sees it: the server ends it after
 * {@link TunnelSettings#helloTimeout()} (here six times a 200 ms open time-out).
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class SilentControlStreamTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir, Duration.ofMillis(200));
    channel = fx.certifiedChannel("edge-1");
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    fx.close();
  }

  private record Control(StreamObserver<AgentFrame> out, CompletableFuture<Status> ended, CompletableFuture<Void> welcomed) {}

  private Control open() {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    CompletableFuture<Void> welcomed = new CompletableFuture<>();
    StreamObserver<AgentFrame> out = AgentTunnelGrpc.newStub(channel).connect(new StreamObserver<ServerFrame>() {
      @Override
      public void onNext(ServerFrame frame) {
        if (frame.hasWelcome()) {
          welcomed.complete(null);
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
    return new Control(out, ended, welcomed);
  }

  @Test
  void aStreamThatNeverSaysHelloIsEndedSayingWhy() throws Exception {
    Control silent = open();

    Status why = silent.ended().get(10, TimeUnit.SECONDS);

    assertThat(why.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(why.getDescription()).startsWith("no Hello within").contains("of opening the control stream");
    assertThat(fx.tunnel.sessions().connected("edge-1")).isFalse();
  }

  @Test
  void aStreamThatSaysHelloInTimeStaysPastTheDeadline() throws Exception {
    Control agent = open();
    agent.out().onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion("test").setMaxConcurrentRequests(4)).build());
    agent.welcomed().get(10, TimeUnit.SECONDS);
    // A second stream that stays silent: once it has been ended, the first one's deadline has long passed too.
    Control silent = open();
    assertThat(silent.ended().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    assertThat(agent.ended()).isNotDone();
    assertThat(fx.tunnel.sessions().connected("edge-1")).isTrue();
  }
}
