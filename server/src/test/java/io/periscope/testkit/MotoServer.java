package io.periscope.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The machine's {@code moto_server} (moto 5, in its Python) on a loopback port: real AWS wire
 * formats for IAM, STS, EKS clusters, EC2 and more. One per test class; state is per server.
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final URI endpoint;

  public MotoServer(Map<String, String> environment) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    var builder = new ProcessBuilder(List.of("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port)))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(environment);
    process = builder.start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("moto_server exited with " + process.exitValue() + " (is moto installed in python3?)");
      }
      return http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    });
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
