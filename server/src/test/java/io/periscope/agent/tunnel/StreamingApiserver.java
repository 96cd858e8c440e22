package io.periscope.agent.tunnel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An apiserver stand-in for HTTP watches (the CRUD mock only serves watches over WebSocket): a
 * namespace watch whose events the test releases one by one, so it can prove each event crosses
 * the tunnel before the next one exists.
 */
final class StreamingApiserver implements AutoCloseable {
  private final HttpServer server;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  StreamingApiserver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/v1/namespaces", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        while (true) {
          String name = events.poll(100, TimeUnit.MILLISECONDS);
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          if (name == null) {
            continue;
          }
          out.write(("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
              + name + "\",\"resourceVersion\":\"" + System.nanoTime() + "\"}}}\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // the watcher went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void emit(String namespace) {
    events.add(namespace);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
