package io.periscope.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Three routes fuzzed over real HTTP against a running Periscope (mock apiserver, mock IdP): the
 * can-i body, the stream poll's subscriptions and position, and the OIDC callback's parameters.
 * Whatever arrives, the answer is below 500, and an error is JSON {@code {code, message, requestId}}
 * written for people.
 */
class RoutesFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private static SilentCloseable loopbackOnly;
  private static PeriscopeHarness harness;
  private static String session;
  private static String csrf;
  private static String pendingLogin;

  @BeforeAll
  static void start() {
    allowLoopback();
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    session = alice.cookieHeader();
    csrf = alice.csrfToken();
    TestBrowser bob = harness.browser();
    bob.startLogin("/");
    pendingLogin = bob.cookieHeader();
  }

  @AfterAll
  static void stop() {
    harness.close();
    if (loopbackOnly != null) {
      loopbackOnly.close();
    }
  }

  /**
   * Jazzer flags every network connection as a possible SSRF unless allowed: these stay on this
   * machine. Called as each execution starts, as Jazzer asks, and in {@code @BeforeAll} when an
   * earlier fuzz test of this JVM already loaded its detectors (before that nothing checks
   * connections); the first allowance is undone after the class.
   */
  private static void allowLoopback() {
    if (!FuzzChecks.bugDetectorsLoaded()) {
      return;
    }
    SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, port) -> isLoopback(host));
    if (loopbackOnly == null) {
      loopbackOnly = allowed;
    }
  }

  @FuzzTest
  void canIBodies(byte[] body) {
    allowLoopback();
    Answer a = exchange("POST", C + "/can-i", Map.of("Cookie", session, "X-CSRF-Token", csrf, "Content-Type", "application/json"), body);
    a.requireNoServerError(FuzzChecks.text(body));
  }

  /** Line 1: the subscriptions JSON; line 2, if any: the resume position. Both sent URL-encoded, as the SPA does. */
  @FuzzTest
  void streamPoll(byte[] data) {
    allowLoopback();
    String[] lines = FuzzChecks.text(data).split("\n", 2);
    String query = "waitSeconds=0&subscriptions=" + encode(lines[0]) + (lines.length > 1 ? "&position=" + encode(lines[1]) : "");
    Answer a = exchange("GET", "/api/stream/poll?" + query, Map.of("Cookie", session), null);
    a.requireNoServerError(FuzzChecks.text(data));
  }

  /** Lines: state, code, error, error_description; an absent line leaves its parameter out. */
  @FuzzTest
  void authCallback(byte[] data) {
    allowLoopback();
    String text = FuzzChecks.text(data);
    String[] lines = text.split("\n", 4);
    String[] names = {"state", "code", "error", "error_description"};
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      query.append(query.isEmpty() ? "" : "&").append(names[i]).append('=').append(encode(lines[i]));
    }
    Answer a = exchange("GET", "/api/auth/callback?" + query, Map.of("Cookie", pendingLogin), null);
    a.requireNoServerError(text);
    assertThat(a.status()).as(a.body()).isIn(302, 400, 401);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  record Answer(int status, Map<String, String> headers, String body) {
    void requireNoServerError(String input) {
      assertThat(status).as("status for %s: %s", input, body).isLessThan(500);
      if (status < 400) {
        return;
      }
      assertThat(headers.getOrDefault("content-type", "")).as(body).startsWith("application/json");
      JsonNode error;
      try {
        error = JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("error body is not JSON: " + body, e);
      }
      assertThat(error.path("code").asText()).as(body).isNotBlank();
      assertThat(error.path("requestId").asText()).as(body).isNotBlank();
      FuzzChecks.requireCleanMessage(input, error.path("message").asText(null), null);
    }
  }

  /** One HTTP/1.1 exchange on its own connection, over a plain socket so that any bytes can be sent. */
  private static Answer exchange(String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), harness.url("/").getPort())) {
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(s.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String raw = new String(all, StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    assertThat(end).as("a complete response head: %s", raw).isPositive();
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, i);
      String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, n);
      i = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("chunked body without a CRLF");
  }
}
