package io.periscope.agent.tunnel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An apiserver stand-in with a pod watch that writes 256 KB events as fast as the connection
 * takes them, counting the bytes, and a small namespace list. It shows whether back-pressure
 * reaches the apiserver side of the agent.
 */
final class FirehoseApiserver implements AutoCloseable {
  private final HttpServer server;
  final AtomicLong watchBytes = new AtomicLong();

  FirehoseApiserver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    String padding = "p".repeat(256 * 1024);
    server.createContext("/api/v1/pods", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (long i = 0; ; i++) {
          byte[] event = ("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + i
              + "\",\"namespace\":\"default\",\"resourceVersion\":\"" + (i + 1) + "\",\"annotations\":{\"pad\":\"" + padding + "\"}}}}\n")
              .getBytes(StandardCharsets.UTF_8);
          out.write(event);
          out.flush();
          watchBytes.addAndGet(event.length);
        }
      } catch (IOException e) {
        // the watcher went away
      }
    });
    server.createContext("/api/v1/namespaces", exchange -> {
      try (exchange) {
        byte[] body = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"default\"}}]}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
