package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiForwarderTest {
  @TempDir
  Path dir;

  @Test
  void replacesOnlyAuthorizationAndKeepsImpersonationHeadersAsGiven() throws Exception {
    AtomicReference<com.sun.net.httpserver.Headers> seen = new AtomicReference<>();
    HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/", ex -> {
      seen.set(ex.getRequestHeaders());
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    api.start();
    try {
      Path token = dir.resolve("token");
      Files.writeString(token, "sa-token");
      var forwarder = new ApiForwarder(URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/"), token, Optional.empty());

      var response = forwarder.send("GET", "/api/v1/namespaces?limit=1", Map.of(
          "Authorization", List.of("Bearer from-the-tunnel"),
          "Impersonate-User", List.of("alice"),
          "Impersonate-Group", List.of("periscope:devs", "periscope:ops"),
          "Connection", List.of("Upgrade")), new byte[0]).get();

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(seen.get().get("Authorization")).containsExactly("Bearer sa-token");
      assertThat(seen.get().get("Impersonate-User")).containsExactly("alice");
      assertThat(seen.get().get("Impersonate-Group")).containsExactly("periscope:devs", "periscope:ops");
    } finally {
      api.stop(0);
    }
  }

  @Test
  void refusesPathsThatCouldNameAnotherHost() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "sa-token");
    var forwarder = new ApiForwarder(URI.create("http://127.0.0.1:1"), token, Optional.empty());

    assertThatThrownBy(() -> forwarder.send("GET", "//evil.example.com/x", Map.of(), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> forwarder.send("GET", "http://evil.example.com/x", Map.of(), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
