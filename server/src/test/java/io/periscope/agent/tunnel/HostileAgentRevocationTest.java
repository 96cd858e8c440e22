package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.TunnelIds;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Attach;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.ResponseHead;
import io.periscope.tunnel.proto.ServerFrame;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that does not play along: a gRPC client holding a genuine agent certificate that keeps
 * its Proxy calls open after the server turns it away. The honest agent closes its whole
 * connection when its control stream is refused; a stolen certificate's holder does not, so the
 * server itself must end the calls in flight (a shell's keystrokes, a followed log) when it
 * revokes the certificate, deregisters the cluster or rotates the CA.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class HostileAgentRevocationTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ManagedChannel channel;
  private final BlockingQueue<Long> opens = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> controlEnded = new CompletableFuture<>();
  private BigInteger serial;
  private StreamObserver<AgentFrame> control;

  @BeforeEach
  void connect() throws Exception {
    fx = new TunnelFixture(dir);
    TunnelFixture.Certified certified = fx.certified("edge-1");
    serial = certified.serial();
    channel = certified.channel();
    control = AgentTunnelGrpc.newStub(channel).connect(new StreamObserver<>() {
      @Override
      public void onNext(ServerFrame frame) {
        if (frame.hasOpen()) {
          opens.add(frame.getOpen().getStreamId());
        }
      }

      @Override
      public void onError(Throwable t) {
        controlEnded.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        controlEnded.complete(Status.OK);
      }
    });
    control.onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion("hostile").setMaxConcurrentRequests(8)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.sessions().connected("edge-1"));
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    fx.close();
  }

  /** A request the server sends through the tunnel, answered with a head and then held open by the agent. */
  private record HeldCall(ProxyCall server, CompletableFuture<Status> agentSide) {}

  private HeldCall aCallTheAgentHoldsOpen() throws Exception {
    CompletableFuture<ProxyCall> opened = fx.openInBackground("edge-1");
    long id = opens.poll(10, TimeUnit.SECONDS);
    TunnelFixture.ProxyStream stream = TunnelFixture.proxyStream(channel);
    CompletableFuture<Status> agentSide = stream.ended();
    StreamObserver<AgentProxyFrame> proxy = stream.out();
    proxy.onNext(AgentProxyFrame.newBuilder().setAttach(Attach.newBuilder().setStreamId(id)).build());
    proxy.onNext(AgentProxyFrame.newBuilder().setHead(ResponseHead.newBuilder().setStreamId(id).setStatus(101)).build());
    ProxyCall call = opened.get(10, TimeUnit.SECONDS);
    assertThat(call.next(Duration.ofSeconds(10))).isInstanceOfSatisfying(ProxyCall.Frame.class,
        f -> assertThat(f.frame().getHead().getStatus()).isEqualTo(101));
    return new HeldCall(call, agentSide);
  }

  @Test
  void revokingTheCertificateEndsTheCallsItHoldsOpen() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();

    fx.registrations.revoke(serial);

    assertThat(controlEnded.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    held.server().ended().get(10, TimeUnit.SECONDS);
    assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(held.server().next(Duration.ofSeconds(10))).isInstanceOf(ProxyCall.Failed.class);
  }

  /** Closing its control stream first (the server then forgets the session) must not shelter the calls. */
  @Test
  void anAgentThatHungUpItsControlStreamFirstStillLosesItsCallsOnRevocation() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();
    control.onCompleted();
    await().atMost(Duration.ofSeconds(10)).until(() -> !fx.tunnel.sessions().connected("edge-1"));
    assertThat(held.server().ended()).as("the call itself goes on").isNotDone();

    fx.registrations.revoke(serial);

    held.server().ended().get(10, TimeUnit.SECONDS);
    assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  /** Nor does hanging up shelter the calls from the certificate's expiry: they end once the cluster is next looked at. */
  @Test
  void anAgentThatHungUpItsControlStreamFirstLosesItsCallsWhenItsCertificateExpires() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();
    control.onCompleted();
    await().atMost(Duration.ofSeconds(10)).until(() -> !fx.tunnel.sessions().connected("edge-1"));
    assertThat(held.server().ended()).as("the call itself goes on").isNotDone();

    fx.clock.advance(Duration.ofDays(31));
    fx.tunnel.sessions().connected("edge-1");

    held.server().ended().get(10, TimeUnit.SECONDS);
    assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  /** A newer tunnel with a fresh certificate leading must not keep an older, expired one's calls alive. */
  @Test
  void anOlderTunnelsCallsEndWhenItsCertificateExpiresWhileANewerOneLeads() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();
    fx.clock.advance(Duration.ofDays(10));
    try (SecondTunnel second = aSecondTunnelWithAFreshCertificate()) {
      fx.clock.advance(Duration.ofDays(21)); // the first certificate (30 days) has expired, the second has not

      assertThat(fx.tunnel.sessions().connected("edge-1")).isTrue();
      held.server().ended().get(10, TimeUnit.SECONDS);
      assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    }
  }

  /** Revoking the old serial after a renewal ends what that certificate holds, and nothing of the agent's current tunnel. */
  @Test
  void revokingOneSerialLeavesTheTunnelsOfTheOtherCertificateAlone() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();
    try (SecondTunnel second = aSecondTunnelWithAFreshCertificate()) {
      fx.registrations.revoke(serial);

      held.server().ended().get(10, TimeUnit.SECONDS);
      assertThat(controlEnded.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(fx.tunnel.sessions().connected("edge-1")).as("the fresh certificate's tunnel stays").isTrue();
      assertThat(fx.tunnel.sessions().liveCertificate("edge-1")).contains(second.serial());
      assertThat(second.ended()).isNotDone();
    }
  }

  /** A second tunnel of the agent (its own id) with a certificate issued now; it leads once this returns. */
  private record SecondTunnel(ManagedChannel channel, BigInteger serial, CompletableFuture<Status> ended) implements AutoCloseable {
    @Override
    public void close() {
      channel.shutdownNow();
    }
  }

  private SecondTunnel aSecondTunnelWithAFreshCertificate() throws Exception {
    TunnelFixture.Certified fresh = fx.certified("edge-1");
    ManagedChannel second = fresh.channel();
    CompletableFuture<Status> ended = new CompletableFuture<>();
    Metadata headers = new Metadata();
    headers.put(TunnelIds.HEADER, "second-tunnel");
    StreamObserver<AgentFrame> control = AgentTunnelGrpc.newStub(second).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .connect(new StreamObserver<>() {
          @Override
          public void onNext(ServerFrame frame) { }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    control.onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion("hostile").setMaxConcurrentRequests(8)).build());
    BigInteger freshSerial = fresh.serial();
    await().atMost(Duration.ofSeconds(10)).until(() -> freshSerial.equals(fx.tunnel.sessions().liveCertificate("edge-1").orElse(null)));
    return new SecondTunnel(second, freshSerial, ended);
  }

  @Test
  void deregisteringTheClusterEndsTheCallsItsAgentHoldsOpen() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();

    fx.registrations.deregister("edge-1");

    held.server().ended().get(10, TimeUnit.SECONDS);
    assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void rotatingTheCaEndsTheCallsHeldOpenWithTheOldCertificate() throws Exception {
    HeldCall held = aCallTheAgentHoldsOpen();

    fx.ca.rotate();

    held.server().ended().get(10, TimeUnit.SECONDS);
    assertThat(held.agentSide().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }
}
