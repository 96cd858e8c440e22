package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javalin.Javalin;
import io.periscope.agent.link.Agent;
import io.periscope.agent.transport.TunnelTransportFactory;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.testkit.TestEpoch;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets through the tunnel transport: fabric8's WebSocket client on the server, a real agent,
 * and a real WebSocket server as the apiserver (Jetty, via Javalin; fabric8's CRUD mock for
 * watches). The bytes after the 101 cross the tunnel as an upgraded Proxy call.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class TunnelWebSocketEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private TunnelFixture fx;
  private Javalin apiserver;
  private final AtomicLong sentByApiserver = new AtomicLong();
  private final AtomicBoolean flooding = new AtomicBoolean(true);
  private final BlockingQueue<String> seenByApiserver = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    apiserver = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.ws("/echo", ws -> {
        ws.onConnect(ctx -> {
          ctx.session.setMaxBinaryMessageSize(1024 * 1024);
          // One message in two fragments: the client must put it together.
          ctx.session.sendPartialText("hel", false, org.eclipse.jetty.websocket.api.Callback.NOOP);
          ctx.session.sendPartialText("lo", true, org.eclipse.jetty.websocket.api.Callback.NOOP);
        });
        ws.onBinaryMessage(ctx -> {
          seenByApiserver.add("binary:" + ctx.data().remaining());
          if (StandardCharsets.UTF_8.decode(ctx.data().duplicate()).toString().equals("close me")) {
            ctx.closeSession(4001, "bye now");
          } else {
            ctx.send(ctx.data());
          }
        });
        ws.onClose(ctx -> seenByApiserver.add("closed:" + ctx.status() + ":" + ctx.reason()));
      });
      cfg.routes.ws("/flood", ws -> ws.onConnect(ctx -> Thread.ofVirtual().start(() -> {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try {
          while (flooding.get()) {
            var sent = new CompletableFuture<Void>();
            ctx.session.sendBinary(chunk.duplicate(), org.eclipse.jetty.websocket.api.Callback.from(() -> sent.complete(null),
                sent::completeExceptionally));
            sent.get();
            sentByApiserver.addAndGet(chunk.capacity());
          }
        } catch (Exception e) {
          // the connection ended
        }
      })));
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    flooding.set(false);
    apiserver.stop();
    fx.close();
  }

  private Agent agentFor(URI apiserverUrl) throws InterruptedException {
    // The stand-in apiservers serve only the requests under test: no cluster identity read first.
    Agent agent = fx.start(fx.settings("ws-" + System.nanoTime(), Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle, apiserverUrl)
        .withoutClusterIdentity());
    assertThat(agent.awaitConnected(WAIT)).as(agent.lastError()).isTrue();
    return agent;
  }

  private KubernetesClient client(AgentConnector.Watches watches) {
    var spec = new ClusterSpec("edge-1", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of("edge-1"));
    return new AgentConnector(WAIT, Optional.of(fx.tunnel), watches).connect(spec);
  }

  private static CompletableFuture<WebSocket> open(KubernetesClient client, String path, WebSocket.Listener listener) {
    return client.getHttpClient().newWebSocketBuilder().uri(URI.create(TunnelTransportFactory.MASTER_URL + path)).buildAsync(listener);
  }

  /** Records what the socket delivers, and asks for the next message after each one. */
  private static final class Recorder implements WebSocket.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(WebSocket ws, String text) {
      events.add("text:" + text);
      ws.request();
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer bytes) {
      events.add("binary:" + bytes.remaining());
      ws.request();
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
      events.add("closed:" + code + ":" + reason);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add("error:" + error);
    }

    String next() throws InterruptedException {
      String e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e).as("an event within %s", WAIT).isNotNull();
      return e;
    }
  }

  @Test
  void messagesCrossInBothDirectionsAndAClientCloseEndsTheAgentsStream() throws Exception {
    Agent agent = agentFor(URI.create("http://127.0.0.1:" + apiserver.port()));
    try (KubernetesClient client = client(AgentConnector.Watches.WEBSOCKET)) {
      var events = new Recorder();
      WebSocket ws = open(client, "echo", events).get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(events.next()).isEqualTo("text:hello");
      ws.send(ByteBuffer.wrap("ping from the server side".getBytes(StandardCharsets.UTF_8)));
      assertThat(seenByApiserver.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("binary:25");
      assertThat(events.next()).isEqualTo("binary:25");
      byte[] big = new byte[100_000]; // a 64-bit length both ways
      Arrays.fill(big, (byte) 7);
      ws.send(ByteBuffer.wrap(big));
      assertThat(seenByApiserver.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("binary:100000");
      assertThat(events.next()).isEqualTo("binary:100000");
      await().atMost(WAIT).until(() -> ws.queueSize() == 0);

      assertThat(ws.sendClose(1000, "done")).isTrue();

      assertThat(seenByApiserver.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed:1000:done");
      assertThat(events.next()).startsWith("closed:1000");
      assertThat(ws.send(ByteBuffer.wrap(new byte[1]))).as("nothing is sent after a close").isFalse();
      await().atMost(WAIT).until(() -> agent.inFlight() == 0);
    }
  }

  @Test
  void theApiserverClosingEndsTheSocketWithItsCodeAndReason() throws Exception {
    Agent agent = agentFor(URI.create("http://127.0.0.1:" + apiserver.port()));
    try (KubernetesClient client = client(AgentConnector.Watches.WEBSOCKET)) {
      var events = new Recorder();
      WebSocket ws = open(client, "echo", events).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(events.next()).isEqualTo("text:hello");

      ws.send(StandardCharsets.UTF_8.encode("close me"));

      assertThat(events.next()).isEqualTo("closed:4001:bye now");
      assertThat(seenByApiserver.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("binary:8");
      await().atMost(WAIT).until(() -> agent.inFlight() == 0);
      assertThat(events.events).isEmpty();
    }
  }

  @Test
  void aListenerThatAsksForNothingMoreHoldsTheApiserverBack() throws Exception {
    Agent agent = agentFor(URI.create("http://127.0.0.1:" + apiserver.port()));
    try (KubernetesClient client = client(AgentConnector.Watches.WEBSOCKET)) {
      BlockingQueue<Integer> delivered = new LinkedBlockingQueue<>();
      WebSocket ws = open(client, "flood", new WebSocket.Listener() {
        @Override
        public void onMessage(WebSocket socket, ByteBuffer bytes) {
          delivered.add(bytes.remaining()); // and never asks for another
        }
      }).get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(64 * 1024);
      // Unbounded buffering anywhere on the way would let the apiserver write gigabytes here.
      long cap = 32L * 1024 * 1024;
      await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> sentByApiserver.get() < cap);
      assertThat(delivered).isEmpty();
      assertThat(agent.inFlight()).isEqualTo(1);

      ws.request();
      assertThat(delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the next message once asked for").isEqualTo(64 * 1024);
      flooding.set(false);
    }
  }

  @Test
  void aRefusedUpgradeFailsTheHandshakeWithTheApiserversStatusAndAnswer() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      agentFor(URI.create("http://127.0.0.1:" + raw.getLocalPort()));
      try (KubernetesClient client = client(AgentConnector.Watches.WEBSOCKET)) {
        var events = new Recorder();
        CompletableFuture<WebSocket> opening = open(client, "api/v1/namespaces/shop/pods/web/exec", events);
        try (Socket peer = raw.accept()) {
          peer.setSoTimeout((int) WAIT.toMillis());
          handshake(peer.getInputStream());
          byte[] status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods/exec is forbidden\",\"code\":403}"
              .getBytes(StandardCharsets.UTF_8);
          peer.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " + status.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          peer.getOutputStream().write(status);
          peer.getOutputStream().flush();

          ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
              () -> opening.get(WAIT.toSeconds(), TimeUnit.SECONDS));

          assertThat(failed.getCause()).isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
            assertThat(e.getResponse().code()).isEqualTo(403);
            assertThat(e.getCause()).hasMessageContaining("pods/exec is forbidden").hasMessageContaining("cluster 'edge-1'");
          });
          assertThat(events.events).isEmpty();
        }
      }
    }
  }

  @Test
  void aPingFromTheApiserverIsAnsweredWithAPongCarryingItsPayload() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      agentFor(URI.create("http://127.0.0.1:" + raw.getLocalPort()));
      try (KubernetesClient client = client(AgentConnector.Watches.WEBSOCKET)) {
        var events = new Recorder();
        CompletableFuture<WebSocket> opening = open(client, "raw", events);
        try (Socket peer = raw.accept()) {
          peer.setSoTimeout((int) WAIT.toMillis());
          InputStream in = peer.getInputStream();
          OutputStream out = peer.getOutputStream();
          String key = handshake(in);
          out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
              + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(new byte[] {(byte) 0x89, 5, 'm', 'a', 'r', 'c', 'o'}); // PING "marco"
          out.flush();
          opening.get(WAIT.toSeconds(), TimeUnit.SECONDS);

          byte[] head = in.readNBytes(2);
          assertThat(head[0] & 0xff).as("a final PONG").isEqualTo(0x8A);
          assertThat(head[1] & 0xff).as("masked, 5 bytes").isEqualTo(0x80 | 5);
          byte[] mask = in.readNBytes(4);
          byte[] payload = in.readNBytes(5);
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
          }
          assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("marco");
          assertThat(events.events).isEmpty();
        }
      }
    }
  }

  @Test
  void aWatchOverWebSocketCarriesThePersonsImpersonationAndEachEvent() throws Exception {
    fx.connectedAgent("edge-1");
    try (KubernetesClient shared = client(AgentConnector.Watches.WEBSOCKET)) {
      KubernetesClient alice = shared.newClient(new io.fabric8.kubernetes.client.RequestConfigBuilder()
          .withImpersonateUsername("alice").withImpersonateGroups("devs").build()).adapt(KubernetesClient.class);
      BlockingQueue<String> seen = new LinkedBlockingQueue<>();
      fx.apiserver.drainRequests();
      try (Watch ignored = alice.namespaces().watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Namespace ns) {
          seen.add(action + " " + ns.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) { }
      })) {
        fx.apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("w1").endMetadata().build()).create();
        assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ADDED w1");

        RecordedRequest watch = fx.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("watch=true")).findFirst().orElseThrow();
        assertThat(watch.getHeaders().headers("Sec-WebSocket-Key")).hasSize(1);
        assertThat(watch.getHeaders().headers("Impersonate-User")).containsExactly("alice");
        assertThat(watch.getHeaders().headers("Authorization")).containsExactly("Bearer " + TunnelFixture.SA_TOKEN);
      }
    }
  }

  /** Reads an upgrade request's head byte by byte (nothing after it); returns its Sec-WebSocket-Key. */
  private static String handshake(InputStream in) throws Exception {
    var head = new java.io.ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the upgrade request's head").isNotNegative();
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1).lines()
        .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
  }

  private static String accept(String key) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
  }
}
