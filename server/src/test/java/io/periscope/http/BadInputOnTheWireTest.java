package io.periscope.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Verb;
import io.periscope.testkit.ErrorBodies;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input of every kind gets a 400-class JSON error naming the problem, never a 500, a silent
 * default or an HTML page, and makes no apiserver call.
 */
class BadInputOnTheWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private List<RecordedRequest> apiserverCalls() throws InterruptedException {
    return harness.apiserver.drainRequests().stream().filter(r -> !r.getPath().startsWith("/api?") && !r.getPath().equals("/api")
        && !r.getPath().startsWith("/apis")).filter(r -> r.getPath().contains("namespaces") || r.getPath().contains("pods")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/namespaces?namespace=%ZZ%&limit=%                              | 'namespace' is not valid percent-encoding",
      "/resources/core/v1/pods?fieldSelector=%%%%                      | 'fieldSelector' is not valid percent-encoding",
      "/resources/core/v1/pods?namespace=a&namespace=b                 | 'namespace' is given more than once",
      "/resources/core/v1/pods?limit=5&limit=6                         | 'limit' is given more than once",
  })
  void malformedOrRepeatedParametersAre400BeforeAnyApiserverCall(String path, String message) throws Exception {
    harness.apiserver.drainRequests();
    // Sent over a plain socket: the JDK's URI class refuses to build such a request at all.
    String raw = rawExchange("GET " + C + path + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + alice.cookieHeader()
        + "\r\nConnection: close\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 400");
    String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    assertThat(JSON.readTree(body).get("message").asText()).contains(message);
    assertThat(apiserverCalls()).isEmpty();
  }

  private String rawExchange(String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), harness.url("/").getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void anUnknownParameterOnAMutationIs400() throws Exception {
    HttpResponse<String> r = alice.mutate("DELETE", C + "/resources/core/v1/configmaps/shop/settings?propagationPolicy=Background&grace=0", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("unknown query parameter 'grace'");
    assertThat(harness.audit.events()).noneMatch(e -> e.verb() == Verb.DELETE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"checks\":[null]}                | check 0 is null",
      "{\"checks\":[{\"verb\":\"get\"}]}  | every check needs a verb and a resource",
      "{\"checks\":\"all\"}               | field 'checks' is missing or has the wrong type",
      "{\"checks\":[                     | not valid JSON",
      "[]                                 | expected a JSON object",
  })
  void canIBodiesAreNamedProblemsWithoutJavaNames(String body, String message) throws Exception {
    HttpResponse<String> r = alice.mutate("POST", C + "/can-i", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains(message);
  }

  @Test
  void aNullSubscriptionIsA400() throws Exception {
    HttpResponse<String> r = alice.send("GET", "/api/stream/poll?waitSeconds=0&subscriptions=%5Bnull%5D", null, Map.of());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("subscription 0 is null");
  }

  @Test
  void aWrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> r = alice.send("PUT", "/api/auth/whoami", "{}", Map.of("X-CSRF-Token", alice.csrfToken()));

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
  }

  @Test
  void jettysOwnRefusalsAreJsonWithARequestId() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> longUri = http.send(HttpRequest.newBuilder(harness.url("/api/auth/whoami?q=" + "x".repeat(20_000))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(longUri.statusCode()).isEqualTo(414);
    assertJsonError(longUri, "uri_too_long");

    HttpResponse<String> bigHeader = http.send(HttpRequest.newBuilder(harness.url("/api/auth/whoami"))
        .header("X-Filler", "y".repeat(100_000)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    assertJsonError(bigHeader, "headers_too_large");

    String raw = rawExchange("GET /api/x y z HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw).containsIgnoringCase("content-type: application/json");
    assertThat(raw).contains("\"code\":\"bad_request\"").contains("\"requestId\":\"");
  }

  private static void assertJsonError(HttpResponse<String> r, String code) throws Exception {
    ErrorBodies.check(r);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("requestId").asText()).isNotBlank();
  }

  @Test
  void groupsThatCannotBeHeaderValuesAreDroppedOnEveryPathAndNoted() throws Exception {
    TestBrowser mallory = harness.browser();
    mallory.login("mallory", List.of("devs", "evil\r\nImpersonate-User: root", "g".repeat(300)));
    harness.apiserver.drainRequests();

    JsonNode who = JSON.readTree(mallory.get("/api/auth/whoami").body());
    assertThat(JSON.convertValue(who.get("groups"), List.class)).containsExactly("devs");
    assertThat(mallory.get(C + "/namespaces").statusCode()).isEqualTo(200);
    assertThat(mallory.get(C + "/resources/core/v1/pods?namespace=shop").statusCode()).isEqualTo(200);

    List<RecordedRequest> asMallory = harness.apiserver.drainRequests().stream()
        .filter(r -> r.getHeaders().headers("Impersonate-User").contains("mallory")).toList();
    assertThat(asMallory).hasSizeGreaterThanOrEqualTo(2);
    for (RecordedRequest r : asMallory) {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("mallory");
      assertThat(r.getHeaders().headers("Impersonate-Group")).allMatch(g -> !g.contains("evil") && g.length() < 300);
    }
    AuditEvent login = harness.audit.events().stream()
        .filter(e -> e.verb() == Verb.LOGIN && e.actor().sub().equals("mallory")).findFirst().orElseThrow();
    assertThat(login.extra().get("droppedGroups")).asList().hasSize(2).first().asString().contains("\\u000d\\u000a");
  }
}
