package io.periscope.portforward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.json.Json;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser port-forward through a real Periscope: the apiserver's {@code pods/portforward} WebSocket
 * (fabric8 mock, answered by {@link PortForwardPeer} speaking the channel protocol) relays to a real
 * HTTP server standing in for the pod. Checks impersonation on the upgrade, what reaches the pod and
 * the browser, the binding to the login session, and the one audit row per forward.
 */
class PortForwardTest {
  private static final String PF = "/api/v1/namespaces/shop/pods/";
  private static final String OPEN = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web/port-forwards";
  private static PeriscopeHarness harness;
  private static HttpServer pod;
  private static PortForwardPeer peer;
  private static final BlockingQueue<Map<String, List<String>>> podSawHeaders = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    pod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pod.createContext("/", ex -> {
      podSawHeaders.add(Map.copyOf(ex.getRequestHeaders()));
      byte[] page = ("<h1>hello from web</h1><p>" + ex.getRequestURI() + "</p>").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.getResponseHeaders().add("Set-Cookie", "periscope_session=stolen; Path=/");
      ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
      ex.getResponseHeaders().add("X-Pod", "web");
      ex.sendResponseHeaders(200, page.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(page);
      }
    });
    pod.createContext("/chunked", ex -> {
      ex.sendResponseHeaders(200, 0); // length unknown: the JDK server sends it chunked
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 50; i++) {
          out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    pod.createContext("/old", ex -> {
      ex.getResponseHeaders().add("Location", "/new?x=1");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    pod.start();
    peer = new PortForwardPeer(pod.getAddress().getPort());
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(), List.of(),
        b -> b.portForwardSettings(new PortForwardSettings(2, Duration.ofMinutes(10), Duration.ofSeconds(20))), Clock.systemUTC());
    var admin = harness.apiserver.client();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    for (String name : List.of("web", "locked")) {
      admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
    }
    harness.apiserver.answer("GET", PF + "web/portforward", peer::upgrade);
    harness.apiserver.answer("GET", PF + "locked/portforward", r -> MockApiServer.forbidden("pods \"locked\" is forbidden: User \""
        + r.getHeader("Impersonate-User") + "\" cannot create resource \"pods/portforward\" in API group \"\" in the namespace \"shop\""));
  }

  @AfterAll
  static void stop() {
    harness.close();
    pod.stop(0);
  }

  private static JsonNode json(String body) throws IOException {
    return Json.mapper().readTree(body);
  }

  private static TestBrowser signedIn(String who) {
    TestBrowser b = harness.browser();
    b.login(who, List.of("devs"));
    return b;
  }

  /** The rows that close (or refuse) a forward; each opened one also has a {@code started} row. */
  private static List<AuditEvent> forwardRows() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.PORT_FORWARD && !"started".equals(e.extra().get("phase"))).toList();
  }

  private static List<AuditEvent> startedRows(String who) {
    return harness.audit.events().stream()
        .filter(e -> e.verb() == Verb.PORT_FORWARD && "started".equals(e.extra().get("phase")) && e.actor().sub().equals(who)).toList();
  }

  @Test
  void aPodPageIsServedThroughTheApiserverAsThePersonInASandbox() throws Exception {
    TestBrowser alice = signedIn("alice");
    HttpResponse<String> opened = alice.mutate("POST", OPEN, "{\"port\": 8080}");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    String url = json(opened.body()).get("url").asText();
    assertThat(url).startsWith("/api/port-forwards/").endsWith("/");
    peer.requests.clear();
    podSawHeaders.clear();

    HttpResponse<String> page = alice.get(url + "status?verbose=1");

    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("<h1>hello from web</h1><p>/status?verbose=1</p>");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).startsWith("sandbox ").contains("script-src 'none'").contains("connect-src 'none'").contains("form-action 'none'");
    assertThat(csp.substring(0, csp.indexOf(';'))).doesNotContain("allow-scripts").doesNotContain("allow-forms");
    assertThat(page.headers().firstValue("X-Pod")).hasValue("web");
    assertThat(page.headers().allValues("Content-Type")).singleElement().satisfies(t -> assertThat(t.replace(" ", "")).isEqualTo("text/html;charset=utf-8"));
    assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("stolen"));
    assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    RecordedRequest upgrade = peer.requests.getFirst();
    assertThat(upgrade.getPath()).isEqualTo(PF + "web/portforward?ports=8080");
    assertThat(upgrade.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(upgrade.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    Map<String, List<String>> sawHeaders = podSawHeaders.poll(5, TimeUnit.SECONDS);
    assertThat(sawHeaders).isNotNull().doesNotContainKeys("Cookie", "X-csrf-token").containsKey("Host");

    alice.mutate("DELETE", url.substring(0, url.length() - 1), null);
  }

  @Test
  void chunkedAnswersAndRedirectsStayInsideTheForward() throws Exception {
    TestBrowser alice = signedIn("alice");
    String url = json(alice.mutate("POST", OPEN, "{\"port\": 8080}").body()).get("url").asText();

    HttpResponse<String> chunked = alice.get(url + "chunked");
    HttpResponse<String> redirect = alice.get(url + "old");

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      expected.append("line ").append(i).append('\n');
    }
    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(chunked.body()).isEqualTo(expected.toString());
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue(url + "new?x=1");
    alice.mutate("DELETE", url.substring(0, url.length() - 1), null);
  }

  @Test
  void onlyTheLoginSessionThatOpenedAForwardMayUseIt() throws Exception {
    TestBrowser alice = signedIn("alice");
    String url = json(alice.mutate("POST", OPEN, "{\"port\": 8080}").body()).get("url").asText();
    TestBrowser aliceElsewhere = signedIn("alice");
    TestBrowser bob = signedIn("bob");
    peer.requests.clear();

    assertThat(bob.get(url).statusCode()).isEqualTo(404);
    assertThat(json(bob.get(url).body()).get("code").asText()).isEqualTo("port_forward_not_found");
    assertThat(aliceElsewhere.get(url).statusCode()).isEqualTo(404);
    assertThat(harness.browser().get(url).statusCode()).isEqualTo(401);
    assertThat(bob.mutate("DELETE", url.substring(0, url.length() - 1), null).statusCode()).isEqualTo(404);
    assertThat(peer.requests).isEmpty();
    assertThat(alice.get(url).statusCode()).isEqualTo(200);
    alice.mutate("DELETE", url.substring(0, url.length() - 1), null);
  }

  @Test
  void logoutClosesTheForwardWithOneAuditRowCountingItsRequests() throws Exception {
    TestBrowser carol = signedIn("carol");
    String url = json(carol.mutate("POST", OPEN, "{\"port\": 8080}").body()).get("url").asText();
    String id = url.split("/")[3];
    assertThat(carol.get(url).statusCode()).isEqualTo(200);
    assertThat(carol.get(url + "again").statusCode()).isEqualTo(200);
    assertThat(json(carol.get("/api/port-forwards").body()).get("forwards")).hasSize(1);
    // Open, and already in the audit log: who forwards to which pod right now.
    assertThat(startedRows("carol")).singleElement().satisfies(started -> {
      assertThat(started.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "pods", "web"));
      assertThat(started.extra()).containsEntry("port", 8080).containsKey("startedAt");
    });
    assertThat(forwardRows().stream().filter(e -> e.actor().sub().equals("carol"))).isEmpty();

    assertThat(carol.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);

    List<AuditEvent> rows = forwardRows().stream().filter(e -> e.actor().sub().equals("carol")).toList();
    assertThat(rows).hasSize(1);
    AuditEvent row = rows.getFirst();
    assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(row.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "pods", "web"));
    assertThat(row.reason()).contains("signed out");
    assertThat(row.extra()).containsEntry("port", 8080).containsEntry("requests", 2L).containsEntry("failedRequests", 0L)
        .containsEntry("phase", "ended").containsEntry("startedAt", startedRows("carol").getFirst().extra().get("startedAt"));
    TestBrowser again = signedIn("carol");
    assertThat(again.get("/api/port-forwards/" + id + "/").statusCode()).isEqualTo(404);
  }

  @Test
  void aRefusedPortForwardShowsWhatRbacMustAllowAndIsCountedAsFailed() throws Exception {
    TestBrowser dave = signedIn("dave");
    String url = json(dave.mutate("POST", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/locked/port-forwards",
        "{\"port\": 80}").body()).get("url").asText();

    HttpResponse<String> page = dave.get(url);

    assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
    assertThat(json(page.body()).get("message").asText()).contains("pods/portforward").contains("namespace shop");
    dave.mutate("DELETE", url.substring(0, url.length() - 1), null);
    AuditEvent row = forwardRows().stream().filter(e -> e.actor().sub().equals("dave")).findFirst().orElseThrow();
    assertThat(row.extra()).containsEntry("requests", 1L).containsEntry("failedRequests", 1L);
    assertThat(row.reason()).isEqualTo("closed by the person");
  }

  @Test
  void badOpensAreRefusedAndAMissingPodIsAuditedAsFailed() throws Exception {
    TestBrowser erin = signedIn("erin");
    int before = forwardRows().size();

    assertThat(erin.mutate("POST", OPEN, "{\"port\": 0}").statusCode()).isEqualTo(400);
    assertThat(erin.mutate("POST", OPEN, "{\"port\": \"http\"}").statusCode()).isEqualTo(400);
    assertThat(erin.mutate("POST", OPEN, "not json").statusCode()).isEqualTo(400);
    assertThat(forwardRows()).hasSize(before);
    HttpResponse<String> missing = erin.mutate("POST", "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/ghost/port-forwards",
        "{\"port\": 80}");
    assertThat(missing.statusCode()).isEqualTo(404);
    AuditEvent row = forwardRows().getLast();
    assertThat(row.actor().sub()).isEqualTo("erin");
    assertThat(row.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(row.target().name()).isEqualTo("ghost");
  }

  @Test
  void aPersonMayHoldOnlyTheConfiguredNumberOfForwards() throws Exception {
    TestBrowser frank = signedIn("frank");
    String first = json(frank.mutate("POST", OPEN, "{\"port\": 1}").body()).get("url").asText();
    String second = json(frank.mutate("POST", OPEN, "{\"port\": 2}").body()).get("url").asText();

    HttpResponse<String> third = frank.mutate("POST", OPEN, "{\"port\": 3}");

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(json(third.body()).get("code").asText()).isEqualTo("too_many_port_forwards");
    frank.mutate("DELETE", first.substring(0, first.length() - 1), null);
    assertThat(frank.mutate("POST", OPEN, "{\"port\": 3}").statusCode()).isEqualTo(201);
    assertThat(second).isNotEqualTo(first);
  }
}
