package io.periscope.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import io.periscope.agent.link.Agent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The kubelet's probes: {@code GET /healthz} answers 200 while the process runs (liveness), and
 * {@code GET /readyz} answers 200 while at least one tunnel to a server replica is up, else 503
 * (readiness), with a JSON body saying why and how each tunnel is. Plain HTTP on its own port; it
 * serves nothing else.
 */
public final class HealthServer implements AutoCloseable {
  public static final String LIVENESS_PATH = "/healthz";
  public static final String READINESS_PATH = "/readyz";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Whether the agent is ready, why (or how many tunnels are up), and each tunnel's state.
   *
   * @param tunnels one per resolved server address
   */
  public record Readiness(boolean ready, String reason, List<Agent.TunnelState> tunnels) {
    public static final Readiness STARTING = new Readiness(false, "starting");

    public Readiness {
      tunnels = List.copyOf(tunnels);
    }

    public Readiness(boolean ready, String reason) {
      this(ready, reason, List.of());
    }

    /** How many tunnels are up. */
    @JsonProperty
    public long tunnelsUp() {
      return tunnels.stream().filter(Agent.TunnelState::connected).count();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code port} on every interface (0: any free port).
   *
   * @throws UncheckedIOException when the port cannot be bound, naming it
   */
  public static HealthServer start(int port, Supplier<Readiness> readiness) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the health endpoints on port " + port + " (--health-port / "
          + AgentSetting.HEALTH_PORT.env() + "): " + e.getMessage(), e);
    }
    HealthServer health = new HealthServer(server);
    server.createContext("/", exchange -> health.answer(exchange, readiness));
    server.setExecutor(health.executor);
    server.start();
    return health;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, Supplier<Readiness> readiness) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!path.equals(LIVENESS_PATH) && !path.equals(READINESS_PATH)) {
        send(exchange, 404, "not found");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "method not allowed");
      } else if (path.equals(LIVENESS_PATH)) {
        send(exchange, 200, "ok");
      } else {
        Readiness r = readiness.get();
        sendJson(exchange, r.ready() ? 200 : 503, JSON.writeValueAsBytes(r));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
