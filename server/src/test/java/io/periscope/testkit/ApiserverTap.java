package io.periscope.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A transparent HTTP proxy in front of the mock apiserver that can instead serve chosen paths as
 * live, test-fed chunked streams. fabric8's mock writes every response body in one piece, so a log
 * that grows while it is followed (and a reader that goes away mid-stream) needs this.
 */
public final class ApiserverTap implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final MockApiServer upstream;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, LiveStream> live = new ConcurrentHashMap<>();

  public ApiserverTap(MockApiServer upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** A client like the mock's own, but talking through this tap. */
  public KubernetesClient client() {
    var config = new ConfigBuilder(upstream.client().getConfiguration())
        .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The next GET whose path starts with {@code pathPrefix} is answered from the returned stream. */
  public LiveStream liveStream(String pathPrefix) {
    LiveStream s = new LiveStream();
    live.put(pathPrefix, s);
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().toString();
    Optional<Map.Entry<String, LiveStream>> match = live.entrySet().stream().filter(e -> target.startsWith(e.getKey())).findFirst();
    if (match.isPresent()) {
      live.remove(match.get().getKey());
      match.get().getValue().serve(exchange);
      return;
    }
    forward(exchange, target);
  }

  private void forward(HttpExchange exchange, String target) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var request = HttpRequest.newBuilder(URI.create(upstream.client().getMasterUrl().toString()).resolve(target))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase())) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A chunked {@code text/plain} body the test writes line by line. */
  public static final class LiveStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch readerGone = new CountDownLatch(1);
    private volatile String requestUri;
    private volatile Map<String, java.util.List<String>> requestHeaders;

    public void write(String text) {
      chunks.add(text.getBytes(StandardCharsets.UTF_8));
    }

    public void end() {
      chunks.add(END);
    }

    /** Counted down when the apiserver-side request arrives. */
    public CountDownLatch opened() {
      return opened;
    }

    /** Counted down when writing failed because the reader (Periscope) closed the connection. */
    public CountDownLatch readerGone() {
      return readerGone;
    }

    public String requestUri() {
      return requestUri;
    }

    public Map<String, java.util.List<String>> requestHeaders() {
      return requestHeaders;
    }

    private void serve(HttpExchange exchange) {
      requestUri = exchange.getRequestURI().toString();
      requestHeaders = Map.copyOf(exchange.getRequestHeaders());
      try (exchange) {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush(); // the status line and headers go out now, before any log line
        opened.countDown();
        while (true) {
          byte[] chunk = chunks.take();
          if (chunk == END) {
            out.close();
            return;
          }
          out.write(chunk);
          out.flush();
        }
      } catch (IOException e) {
        readerGone.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
