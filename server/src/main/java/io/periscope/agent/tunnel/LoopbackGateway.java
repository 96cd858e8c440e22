package io.periscope.agent.tunnel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.AgentProxyFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP endpoint that relays each request into the tunnel, so the cluster's fabric8
 * client stays an ordinary HTTP client. Only callers holding a per-cluster secret (the client's
 * bearer token) get through, so no other local process can borrow the agent's identity; the
 * secret is stripped before the request enters the tunnel.
 */
public final class LoopbackGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackGateway.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CHUNK = 32 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final AgentSessions sessions;
  private final Map<String, String> clusterBySecret = new ConcurrentHashMap<>();

  private LoopbackGateway(HttpServer server, ExecutorService executor, AgentSessions sessions) {
    this.server = server;
    this.executor = executor;
    this.sessions = sessions;
  }

  static LoopbackGateway start(AgentSessions sessions) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      LoopbackGateway gateway = new LoopbackGateway(server, executor, sessions);
      server.setExecutor(executor);
      server.createContext("/", gateway::handle);
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the loopback gateway for agent clusters", e);
    }
  }

  public URI url() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  /** A new secret for a cluster's client; present it as {@code Authorization: Bearer <secret>}. */
  public String secretFor(String cluster) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    clusterBySecret.put(secret, cluster);
    return secret;
  }

  public void forget(String secret) {
    clusterBySecret.remove(secret);
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String cluster = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      if (cluster == null) {
        writeStatus(exchange, 401, "Unauthorized", "loopback gateway: missing or unknown cluster secret");
        return;
      }
      relay(exchange, cluster);
    } catch (IOException e) {
      log.debug("loopback client went away", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    String presented = authorization.substring("Bearer ".length()).trim();
    for (Map.Entry<String, String> e : clusterBySecret.entrySet()) {
      if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
        return e.getValue();
      }
    }
    return null;
  }

  private void relay(HttpExchange exchange, String cluster) throws IOException, InterruptedException {
    ProxyCall call;
    try {
      call = sessions.open(cluster);
    } catch (TunnelException e) {
      writeStatus(exchange, e.status(), e.status() == 503 ? "ServiceUnavailable" : "Timeout", e.getMessage());
      return;
    }
    boolean headSent = false;
    try {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(exchange.getRequestHeaders());
      headers.remove("Authorization");
      String path = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      call.sendHead(exchange.getRequestMethod(), path, headers);
      try (InputStream in = exchange.getRequestBody()) {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) > 0) {
          call.sendBody(buf, n);
        }
      }
      call.endBody();
      OutputStream out = null;
      while (true) {
        ProxyCall.Event event = call.next();
        switch (event) {
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasHead() -> {
            f.getHead().getHeadersList().forEach(h -> {
              if (!WireHeaders.isHopByHop(h.getName())) {
                exchange.getResponseHeaders().put(h.getName(), h.getValuesList());
              }
            });
            int status = f.getHead().getStatus();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : 0);
            headSent = true;
            out = exchange.getResponseBody();
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasBody() -> {
            if (out != null) {
              f.getBody().writeTo(out);
              out.flush();
            }
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasError() -> {
            if (!headSent) {
              int status = f.getError().getCode().equals("agent_busy") ? 503 : 502;
              writeStatus(exchange, status, status == 503 ? "ServiceUnavailable" : "BadGateway",
                  "cluster '" + cluster + "': " + f.getError().getCode() + ": " + f.getError().getMessage());
            }
            call.finish();
            return;
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasEnd() -> {
            call.finish();
            return;
          }
          case ProxyCall.Frame ignored -> { }
          case ProxyCall.Completed ignored -> {
            return;
          }
          case ProxyCall.Failed(var status) -> {
            if (!headSent) {
              writeStatus(exchange, 503, "ServiceUnavailable", "cluster '" + cluster + "': agent_disconnected: the tunnel closed ("
                  + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()) + ")");
            }
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      call.cancel("the HTTP client went away: " + e.getMessage());
      if (!headSent && e instanceof RuntimeException) {
        writeStatus(exchange, 503, "ServiceUnavailable", "cluster '" + cluster + "': agent_disconnected: " + e.getMessage());
      }
    }
  }

  /** A Kubernetes Status body, so fabric8 surfaces the message and code like an apiserver error. */
  private static void writeStatus(HttpExchange exchange, int code, String reason, String message) {
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + jsonString(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      log.debug("cannot write the error response", e);
    }
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
    server.stop(0);
    executor.shutdownNow();
  }
}
