package io.periscope.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared mode as the seed defines it (the default): every request reaches the apiserver as the
 * server's own identity with no {@code Impersonate-*} header at all, while Periscope's audit row
 * still names the person and whoami tells the SPA that the cluster sees Periscope.
 */
class SharedServerIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CM = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/core/v1/configmaps";
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void sharedModeByDefaultSendsNoImpersonationHeaderForReadsAndWritesAndAuditsThePerson() throws Exception {
    harness = new PeriscopeHarness(Map.of()); // mode shared and sharedIdentity server are the defaults
    harness.apiserver.serveDiscovery();
    harness.apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    harness.apiserver.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("doomed")
        .endMetadata().build()).create();
    TestBrowser alice = harness.browser();
    alice.login("auth0|alice", List.of("devs", "system:masters"));
    harness.apiserver.drainRequests();

    HttpResponse<String> list = alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces");
    HttpResponse<String> delete = alice.mutate("DELETE", CM + "/shop/doomed", null);

    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("shop");
    assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
    List<RecordedRequest> calls = harness.apiserver.drainRequests().stream().filter(r -> !r.getPath().startsWith("/version")).toList();
    assertThat(calls).extracting(RecordedRequest::getMethod).contains("GET", "DELETE");
    for (RecordedRequest call : calls) {
      assertThat(call.getHeaders().toMultimap().keySet()).as(call.getMethod() + " " + call.getPath())
          .noneMatch(h -> h.toLowerCase().startsWith("impersonate-"));
    }
    assertThat(harness.apiserver.client().configMaps().inNamespace("shop").withName("doomed").get()).isNull();
    AuditEvent row = harness.audit.events().stream().filter(e -> e.verb() == Verb.DELETE).findFirst().orElseThrow();
    assertThat(row.actor().sub()).isEqualTo("auth0|alice");
    assertThat(row.actor().groups()).containsExactly("devs", "system:masters");
    assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(row.target().name()).isEqualTo("doomed");

    JsonNode who = JSON.readTree(alice.get("/api/auth/whoami").body());
    assertThat(who.get("mode").asText()).isEqualTo("shared");
    assertThat(who.get("clusterIdentity").asText()).isEqualTo("server");
  }

  @Test
  void everyoneSharesOneIdentitySoTwoPeopleSendIdenticalRequests() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "shared", "auth.authorization.sharedIdentity", "server"));
    TestBrowser alice = harness.browser();
    TestBrowser bob = harness.browser();
    alice.login("alice", List.of("devs"));
    bob.login("bob", List.of());
    harness.apiserver.drainRequests();

    assertThat(alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces").statusCode()).isEqualTo(200);
    assertThat(bob.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces").statusCode()).isEqualTo(200);

    List<RecordedRequest> calls = harness.apiserver.drainRequests().stream().filter(r -> !r.getPath().startsWith("/version")).toList();
    assertThat(calls).hasSize(2);
    assertThat(calls).allSatisfy(c -> assertThat(c.getHeaders().toMultimap().keySet()).noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
  }

  @Test
  void twoPeoplesLiveStreamsShareOneWatchThatCarriesNoImpersonation() throws Exception {
    harness = new PeriscopeHarness(Map.of("streams.heartbeatInterval", "5s"));
    harness.apiserver.serveDiscovery();
    String subscriptions = "[{\"id\":\"cms\",\"cluster\":\"test\",\"group\":\"core\",\"version\":\"v1\","
        + "\"plural\":\"configmaps\",\"namespace\":\"shop\"}]";
    String path = "/api/stream?subscriptions=" + java.net.URLEncoder.encode(subscriptions, java.nio.charset.StandardCharsets.UTF_8);
    TestBrowser alice = harness.browser();
    TestBrowser bob = harness.browser();
    alice.login("alice", List.of("devs"));
    bob.login("bob", List.of("ops"));
    harness.apiserver.drainRequests();

    try (var a = new io.periscope.testkit.SseEvents(alice.stream(path, Map.of("Accept", "text/event-stream")));
        var b = new io.periscope.testkit.SseEvents(bob.stream(path, Map.of("Accept", "text/event-stream")))) {
      a.next(e -> e.event().equals("ready"), java.time.Duration.ofSeconds(30));
      b.next(e -> e.event().equals("ready"), java.time.Duration.ofSeconds(30));

      assertThat(harness.app.liveStreams().watches()).as("one identity: one watch serves both").isEqualTo(1);
      List<RecordedRequest> calls = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().contains("configmaps")).toList();
      assertThat(calls).isNotEmpty().anySatisfy(c -> assertThat(c.getPath()).contains("watch=true"));
      assertThat(calls).allSatisfy(c -> assertThat(c.getHeaders().toMultimap().keySet()).noneMatch(h -> h.toLowerCase().startsWith("impersonate-")));
    }
  }

  @Test
  void impersonateOptionKeepsThePersonWithTheSharedGroupAndWhoamiSaysSo() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate"));
    TestBrowser alice = harness.browser();
    alice.login("auth0|alice", List.of("devs"));
    harness.apiserver.drainRequests();

    assertThat(alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces").statusCode()).isEqualTo(200);

    RecordedRequest call = harness.apiserver.drainRequests().stream().filter(r -> !r.getPath().startsWith("/version")).findFirst().orElseThrow();
    assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("auth0|alice");
    assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-shared");
    JsonNode who = JSON.readTree(alice.get("/api/auth/whoami").body());
    assertThat(who.get("clusterIdentity").asText()).isEqualTo("person");
  }
}
