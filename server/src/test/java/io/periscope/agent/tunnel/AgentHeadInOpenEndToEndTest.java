package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.AuthorizationPolicy;
import io.periscope.authz.IdentityResolver;
import io.periscope.authz.Principal;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.testkit.TestEpoch;
import io.periscope.tunnel.proto.AgentFrame;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.Attach;
import io.periscope.tunnel.proto.End;
import io.periscope.tunnel.proto.Header;
import io.periscope.tunnel.proto.Hello;
import io.periscope.tunnel.proto.Open;
import io.periscope.tunnel.proto.ResponseHead;
import io.periscope.tunnel.proto.ServerFrame;
import io.periscope.tunnel.proto.ServerProxyFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * {@code Open} carries the head of a request with no body only to an agent that said so in its
 * Hello: an agent of the first release (no {@code head_in_open}) still gets the head and the end of
 * the body on its Proxy call. A hand-driven agent on the real tunnel, with a registered agent's
 * certificate, plays both versions.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentHeadInOpenEndToEndTest {
  private static final Principal ALICE = new Principal("auth0|alice", "alice@example.com", List.of("devs"));
  private static final String NAMESPACES = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"items\":[{\"metadata\":{\"name\":\"from-the-agent\"}}]}";

  @TempDir
  Path dir;
  private TunnelFixture fx;
  private ClusterRegistry registry;
  private ImpersonatingClients clients;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    registry = ClusterRegistry.fixed(List.of(new ClusterSpec("edge-1", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(),
        "", Map.of(), Optional.empty(), Optional.empty(), Optional.of("edge-1"))),
        List.of(new AgentConnector(Duration.ofSeconds(10), Optional.of(fx.tunnel), AgentConnector.Watches.HTTP_STREAMING)));
    var policy = new AuthorizationPolicy(AuthorizationMode.RAW, Map.of(), Optional.empty(), AuthorizationPolicy.DEFAULT_GROUP_PREFIX,
        io.periscope.authz.SharedIdentity.SERVER, AuthorizationPolicy.DEFAULT_SHARED_GROUP, Set.of(), Set.of());
    clients = new ImpersonatingClients(registry, new IdentityResolver(policy));
    // A real agent registers (and leaves its key and certificate behind), then makes way for the hand-driven one.
    fx.connectedAgent("edge-1").close();
    Path state = dir.resolve("state-edge-1-0");
    channel = NettyChannelBuilder.forTarget(fx.target(), TlsChannelCredentials.newBuilder().trustManager(fx.caBundle.toFile())
        .keyManager(state.resolve("agent.crt").toFile(), state.resolve("agent.key").toFile()).build()).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    registry.close();
    fx.close();
  }

  @Test
  void anAgentOfTheFirstReleaseGetsTheHeadOnItsProxyCall() throws Exception {
    var opens = connect(false);
    var listed = CompletableFuture.supplyAsync(() -> clients.forUser("edge-1", ALICE).namespaces().list());

    Open open = opens.poll(10, TimeUnit.SECONDS);
    assertThat(open).isNotNull();
    assertThat(open.hasHead()).isFalse();
    var call = attach(open.getStreamId());
    ServerProxyFrame head = call.frames.poll(10, TimeUnit.SECONDS);
    assertThat(head).isNotNull();
    assertThat(head.hasHead()).isTrue();
    assertThat(head.getHead().getMethod()).isEqualTo("GET");
    assertThat(head.getHead().getPath()).startsWith("/api/v1/namespaces");
    assertThat(head.getHead().getHeadersList()).contains(Header.newBuilder().setName("Impersonate-User").addValues("auth0|alice").build());
    ServerProxyFrame end = call.frames.poll(10, TimeUnit.SECONDS);
    assertThat(end).isNotNull();
    assertThat(end.hasEndOfBody()).isTrue();
    call.answer();

    assertThat(listed.get(10, TimeUnit.SECONDS).getItems()).extracting(ns -> ns.getMetadata().getName()).containsExactly("from-the-agent");
  }

  @Test
  void anAgentThatSaidSoGetsTheHeadWithOpenAndNothingMoreOnItsCall() throws Exception {
    var opens = connect(true);
    var listed = CompletableFuture.supplyAsync(() -> clients.forUser("edge-1", ALICE).namespaces().list());

    Open open = opens.poll(10, TimeUnit.SECONDS);
    assertThat(open).isNotNull();
    assertThat(open.hasHead()).isTrue();
    assertThat(open.getHead().getStreamId()).isEqualTo(open.getStreamId());
    assertThat(open.getHead().getMethod()).isEqualTo("GET");
    assertThat(open.getHead().getPath()).startsWith("/api/v1/namespaces");
    assertThat(open.getHead().getUpgrade()).isEmpty();
    assertThat(open.getHead().getHeadersList()).contains(Header.newBuilder().setName("Impersonate-User").addValues("auth0|alice").build());
    var call = attach(open.getStreamId());
    call.answer();

    assertThat(listed.get(10, TimeUnit.SECONDS).getItems()).extracting(ns -> ns.getMetadata().getName()).containsExactly("from-the-agent");
    // The server sent no request frames on the call: it ended it once the response was read.
    assertThat(call.ended.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(call.frames).isEmpty();
  }

  /** Opens the control stream, says Hello as the given agent version, and collects the Opens once welcomed. */
  private BlockingQueue<Open> connect(boolean headInOpen) throws Exception {
    BlockingQueue<Open> opens = new LinkedBlockingQueue<>();
    var welcomed = new CompletableFuture<Void>();
    StreamObserver<AgentFrame> control = AgentTunnelGrpc.newStub(channel).connect(new StreamObserver<>() {
      @Override
      public void onNext(ServerFrame frame) {
        if (frame.hasWelcome()) {
          welcomed.complete(null);
        } else if (frame.hasOpen()) {
          opens.add(frame.getOpen());
        }
      }

      @Override
      public void onError(Throwable t) {
        welcomed.completeExceptionally(t);
      }

      @Override
      public void onCompleted() { }
    });
    control.onNext(AgentFrame.newBuilder().setHello(Hello.newBuilder().setAgentVersion(headInOpen ? "0.1.0" : "0.0.9")
        .setMaxConcurrentRequests(4).setHeadInOpen(headInOpen)).build());
    welcomed.get(10, TimeUnit.SECONDS);
    // The Hello travels after the Welcome: a request announced before the server read it would take the first release's way anyway.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fx.tunnel.sessions().get("edge-1")
        .flatMap(AgentSession::hello).isPresent());
    return opens;
  }

  private ProxyCallOfTheTest attach(long id) {
    var call = new ProxyCallOfTheTest();
    call.out = AgentTunnelGrpc.newStub(channel).proxy(call);
    call.out.onNext(AgentProxyFrame.newBuilder().setAttach(Attach.newBuilder().setStreamId(id)).build());
    call.id = id;
    return call;
  }

  private static final class ProxyCallOfTheTest implements StreamObserver<ServerProxyFrame> {
    final BlockingQueue<ServerProxyFrame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Boolean> ended = new CompletableFuture<>();
    StreamObserver<AgentProxyFrame> out;
    long id;

    void answer() {
      out.onNext(AgentProxyFrame.newBuilder().setHead(ResponseHead.newBuilder().setStreamId(id).setStatus(200)
          .addHeaders(Header.newBuilder().setName("Content-Type").addValues("application/json"))).build());
      out.onNext(AgentProxyFrame.newBuilder().setBody(ByteString.copyFrom(NAMESPACES, StandardCharsets.UTF_8)).build());
      out.onNext(AgentProxyFrame.newBuilder().setEnd(End.newBuilder().setStreamId(id)).build());
      out.onCompleted();
    }

    @Override
    public void onNext(ServerProxyFrame frame) {
      frames.add(frame);
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(false);
    }

    @Override
    public void onCompleted() {
      ended.complete(true);
    }
  }
}
