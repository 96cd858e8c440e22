package io.periscope.agent.tunnel;

import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.AgentProxyFrame;
import io.periscope.tunnel.proto.ResponseHead;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP/1.1 endpoint that relays each request into the tunnel, so the cluster's fabric8
 * client stays an ordinary HTTP client. Only callers holding a per-cluster secret (the client's
 * bearer token) get through, so no other local process can borrow the agent's identity; the
 * secret is stripped before the request enters the tunnel.
 *
 * <p>One request per connection ({@code Connection: close}): while a response streams, the
 * connection is watched for the client closing it, and a closed watch or log stream cancels the
 * request on the agent at once rather than when the next event fails to write.
 */
public final class LoopbackGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackGateway.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CHUNK = 32 * 1024;

  private final ServerSocket listener;
  private final AgentSessions sessions;
  private final Map<String, String> clusterBySecret = new ConcurrentHashMap<>();
  private volatile boolean open = true;

  private LoopbackGateway(ServerSocket listener, AgentSessions sessions) {
    this.listener = listener;
    this.sessions = sessions;
  }

  static LoopbackGateway start(AgentSessions sessions) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
      LoopbackGateway gateway = new LoopbackGateway(listener, sessions);
      Thread.ofVirtual().name("agent-gateway-accept").start(gateway::acceptLoop);
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the loopback gateway for agent clusters", e);
    }
  }

  public URI url() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + listener.getLocalPort());
  }

  /** A new secret for a cluster's client; present it as {@code Authorization: Bearer <secret>}. */
  public String secretFor(String cluster) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    clusterBySecret.put(secret, cluster);
    return secret;
  }

  private void acceptLoop() {
    while (open) {
      try {
        Socket socket = listener.accept();
        Thread.ofVirtual().name("agent-gateway").start(() -> serve(socket));
      } catch (IOException e) {
        if (open) {
          log.warn("loopback gateway accept failed", e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), CHUNK + 64);
      Http1.Request request = Http1.readHead(in);
      if (request == null) {
        return;
      }
      String cluster = authenticate(request.first("Authorization"));
      if (cluster == null) {
        writeStatus(out, 401, "Unauthorized", "loopback gateway: missing or unknown cluster secret");
        return;
      }
      relay(request, in, out, cluster);
    } catch (IOException e) {
      log.debug("loopback connection ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    byte[] presented = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<String, String> e : clusterBySecret.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), presented)) {
        return e.getValue();
      }
    }
    return null;
  }

  private void relay(Http1.Request request, InputStream in, OutputStream out, String cluster) throws IOException, InterruptedException {
    ProxyCall call;
    try {
      call = sessions.open(cluster);
    } catch (TunnelException e) {
      // The Status reason carries the tunnel's code, so the API answers it (see KubernetesErrors.code).
      writeStatus(out, e.status(), e.code(), e.getMessage());
      return;
    }
    boolean headSent = false;
    String upgrade = upgradeProtocol(request);
    // An array because pattern guards can only read effectively final locals.
    boolean[] upgraded = {false};
    try {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(request.headers());
      headers.remove("Authorization");
      call.sendHead(request.method(), request.target(), headers, upgrade);
      if (upgrade.isEmpty()) {
        try (InputStream body = Http1.body(request, in)) {
          sendAll(body, call);
        }
        // The client sends nothing more on this connection; end of stream means it went away.
        Thread.ofVirtual().name("agent-gateway-watch").start(() -> cancelWhenClosed(in, call));
      }
      boolean noBody = false;
      while (true) {
        ProxyCall.Event event = call.next();
        switch (event) {
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasHead() -> {
            headSent = true;
            HeadWritten written = writeResponseHead(out, f.getHead(), request.method(), upgrade);
            if (written == HeadWritten.REFUSED) {
              call.cancel("the agent's response status " + f.getHead().getStatus() + " is not an HTTP status");
              return;
            }
            if (written == HeadWritten.SWITCHED) {
              upgraded[0] = true;
              // From here on the connection is raw bytes both ways: the client's go to the apiserver.
              Thread.ofVirtual().name("agent-gateway-upgrade").start(() -> pumpToAgent(in, call));
              continue;
            }
            noBody = written == HeadWritten.WITHOUT_BODY;
            if (!upgrade.isEmpty()) {
              // A refused upgrade: the answer is an ordinary response; watch for the client leaving.
              Thread.ofVirtual().name("agent-gateway-watch").start(() -> cancelWhenClosed(in, call));
            }
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasBody() && upgraded[0] -> {
            byte[] bytes = f.getBody().toByteArray();
            out.write(bytes);
            if (!call.hasPending()) {
              out.flush();
            }
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasBody() -> {
            if (headSent && !noBody) {
              byte[] bytes = f.getBody().toByteArray();
              Http1.writeChunk(out, bytes, 0, bytes.length);
              // Flush when nothing else is queued: a watch event goes out at once, a large list in big writes.
              if (!call.hasPending()) {
                out.flush();
              }
            }
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasError() -> {
            if (!headSent) {
              int status = f.getError().getCode().equals("agent_busy") ? 503 : 502;
              writeStatus(out, status, f.getError().getCode(),
                  "cluster '" + cluster + "': " + f.getError().getCode() + ": " + f.getError().getMessage());
            }
            call.finish();
            return;
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasEnd() && upgraded[0] -> {
            out.flush();
            call.finish();
            return;
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasEnd() -> {
            if (headSent && !noBody) {
              Http1.writeLastChunk(out);
              out.flush();
            }
            call.finish();
            return;
          }
          case ProxyCall.Frame ignored -> { }
          case ProxyCall.Completed ignored -> {
            return;
          }
          case ProxyCall.Failed(var status) -> {
            if (!headSent) {
              writeStatus(out, 503, "agent_disconnected", "cluster '" + cluster + "': agent_disconnected: the tunnel closed ("
                  + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()) + ")");
            }
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      call.cancel("the HTTP client went away: " + e.getMessage());
      if (!headSent && e instanceof RuntimeException) {
        writeStatus(out, 503, "agent_disconnected", "cluster '" + cluster + "': agent_disconnected: " + e.getMessage());
      }
    }
  }

  /** What the client was sent for the agent's response head, and so what follows it. */
  enum HeadWritten { SWITCHED, WITH_BODY, WITHOUT_BODY, REFUSED }

  /**
   * Writes the agent's response head to the client: a 101 for an accepted upgrade, else a status
   * line and headers. A status no HTTP client can take as a final answer (outside 200–599) is
   * refused: the client gets a 502 Status instead ({@link HeadWritten#REFUSED}) and the call ends.
   */
  static HeadWritten writeResponseHead(OutputStream out, ResponseHead head, String method, String upgrade) throws IOException {
    Map<String, List<String>> response = responseHeaders(head);
    int status = head.getStatus();
    if (!upgrade.isEmpty() && status == 101) {
      Http1.writeSwitchingProtocols(out, upgrade, response);
      out.flush();
      return HeadWritten.SWITCHED;
    }
    if (status < 200 || status > 599) {
      Http1.writeFull(out, 502, "application/json", statusBody(502, "agent_bad_response",
          "the agent answered with status " + status + ", which is not an HTTP response status").getBytes(StandardCharsets.UTF_8));
      return HeadWritten.REFUSED;
    }
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
    Http1.writeHead(out, status, response, !noBody);
    out.flush();
    return noBody ? HeadWritten.WITHOUT_BODY : HeadWritten.WITH_BODY;
  }

  /** The agent's response headers that go on to the client: end-to-end ones only. */
  static Map<String, List<String>> responseHeaders(ResponseHead head) {
    Map<String, List<String>> response = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    head.getHeadersList().forEach(h -> {
      if (!WireHeaders.isHopByHop(h.getName())) {
        response.put(h.getName(), h.getValuesList());
      }
    });
    return response;
  }

  /** Upgrades the tunnel carries as bidirectional streams: WebSocket (exec, attach, watches) and kubectl's SPDY. */
  private static final java.util.Set<String> TUNNELLED_UPGRADES = java.util.Set.of("websocket", "spdy/3.1");

  /**
   * The protocol a client asks to switch to ({@code Connection: Upgrade} plus {@code Upgrade: x}),
   * or empty. Any other offer, such as the JDK client's {@code Upgrade: h2c} on plain HTTP, is
   * optional for a server to take: the request is relayed as ordinary HTTP/1.1, body included, and
   * the offer (hop-by-hop headers) goes no further.
   */
  private static String upgradeProtocol(Http1.Request request) {
    String connection = request.first("Connection");
    String upgrade = request.first("Upgrade");
    if (connection == null || upgrade == null || upgrade.isBlank()) {
      return "";
    }
    boolean asked = java.util.Arrays.stream(connection.split(",")).anyMatch(t -> t.trim().equalsIgnoreCase("upgrade"));
    String protocol = upgrade.split(",")[0].trim();
    return asked && TUNNELLED_UPGRADES.contains(protocol.toLowerCase(java.util.Locale.ROOT)) ? protocol : "";
  }

  /** Sends everything {@code from} yields as body frames (each gated by the call's window), then ends the body. */
  private static void sendAll(InputStream from, ProxyCall call) throws IOException, InterruptedException {
    byte[] buf = new byte[CHUNK];
    int n;
    while ((n = from.read(buf)) >= 0) {
      if (n > 0) {
        call.sendBody(buf, n);
      }
    }
    call.endBody();
  }

  /** Upgraded connection, client to agent: each read becomes a body frame, gated by the call's window; end of stream half-closes. */
  private static void pumpToAgent(InputStream in, ProxyCall call) {
    try {
      sendAll(in, call);
    } catch (IOException | RuntimeException e) {
      call.cancel("the upgraded client connection ended: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted");
    }
  }

  private static void cancelWhenClosed(InputStream in, ProxyCall call) {
    try {
      while (in.read() != -1) {
        // a well-behaved client sends nothing here
      }
    } catch (IOException e) {
      // closed
    }
    call.cancel("the HTTP client closed the connection");
  }

  /** A Kubernetes Status body, so fabric8 surfaces the message and code like an apiserver error. */
  private static void writeStatus(OutputStream out, int code, String reason, String message) {
    try {
      Http1.writeFull(out, code, "application/json", statusBody(code, reason, message).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      log.debug("cannot write the error response", e);
    }
  }

  static String statusBody(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + jsonString(message) + ",\"reason\":" + jsonString(reason) + ",\"code\":" + code + "}";
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public void close() {
    open = false;
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the gateway listener", e);
    }
  }
}
