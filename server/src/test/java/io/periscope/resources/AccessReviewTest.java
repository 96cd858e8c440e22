package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /can-i}. The mock apiserver does not evaluate access reviews, so the test scripts a
 * small RBAC policy as the apiserver's SelfSubjectAccessReview endpoint: reads are allowed,
 * everything else is denied with a reason. The test then checks what Periscope sent (impersonated
 * reviews with the right attributes), what it answered and that answers are cached per person.
 */
class AccessReviewTest {
  private static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final Set<String> READS = Set.of("get", "list", "watch");
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.expect().post().withPath(SSAR).andReply(201, AccessReviewTest::evaluate).always();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** The review bodies as the scripted endpoint read them (reading consumes the recorded body). */
  private static final List<String> BODIES = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static Object evaluate(RecordedRequest request) {
    String body = request.getUtf8Body();
    BODIES.add(body);
    SelfSubjectAccessReview review = Serialization.unmarshal(body, SelfSubjectAccessReview.class);
    var attrs = review.getSpec().getResourceAttributes();
    boolean allowed = READS.contains(attrs.getVerb());
    review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).withDenied(!allowed)
        .withReason(allowed ? "RBAC: allowed by ClusterRoleBinding \"devs-view\"" : "RBAC: no rule lets periscope:devs " + attrs.getVerb()).build());
    return review;
  }

  @Test
  void answersEachCheckAsThePersonAndCachesTheAnswers() throws Exception {
    String body = """
        {"checks": [
          {"verb": "delete", "group": "apps", "resource": "deployments", "namespace": "shop", "name": "web"},
          {"verb": "get", "group": "core", "resource": "pods", "subresource": "log", "namespace": "shop"}
        ]}""";
    harness.apiserver.drainRequests();
    BODIES.clear();

    HttpResponse<String> first = alice.mutate("POST", "/api/clusters/test/can-i", body);
    HttpResponse<String> second = alice.mutate("POST", "/api/clusters/test/can-i", body);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode results = json(first.body()).get("results");
    assertThat(results.get(0).get("answer").get("allowed").asBoolean()).isFalse();
    assertThat(results.get(0).get("answer").get("denied").asBoolean()).isTrue();
    assertThat(results.get(0).get("answer").get("reason").asText()).contains("no rule lets periscope:devs delete");
    assertThat(results.get(1).get("answer").get("allowed").asBoolean()).isTrue();
    assertThat(second.body()).isEqualTo(first.body());
    List<RecordedRequest> reviews = harness.apiserver.drainRequests().stream().filter(r -> r.getPath().equals(SSAR)).toList();
    assertThat(reviews).hasSize(2);
    assertThat(reviews).allSatisfy(r -> {
      assertThat(r.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(r.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
    });
    assertThat(BODIES).anySatisfy(b -> assertThat(b).contains("\"subresource\":\"log\"").contains("\"resource\":\"pods\"")
        .doesNotContain("\"group\":\"core\""));
  }

  @Test
  void anotherPersonIsNotServedFromTheFirstPersonsCache() throws Exception {
    String body = "{\"checks\": [{\"verb\": \"list\", \"group\": \"\", \"resource\": \"secrets\", \"namespace\": \"kube-system\"}]}";
    alice.mutate("POST", "/api/clusters/test/can-i", body);
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of("ops"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = bob.mutate("POST", "/api/clusters/test/can-i", body);

    assertThat(r.statusCode()).isEqualTo(200);
    List<RecordedRequest> reviews = harness.apiserver.drainRequests().stream().filter(x -> x.getPath().equals(SSAR)).toList();
    assertThat(reviews).singleElement().satisfies(x -> assertThat(x.getHeader("Impersonate-User")).isEqualTo("bob"));
  }

  @Test
  void emptyOrMalformedBatchesAre400() throws Exception {
    harness.apiserver.drainRequests();

    assertThat(alice.mutate("POST", "/api/clusters/test/can-i", "{\"checks\": []}").statusCode()).isEqualTo(400);
    assertThat(alice.mutate("POST", "/api/clusters/test/can-i", "{\"checks\": [{\"verb\": \"get\"}]}").statusCode()).isEqualTo(400);
    assertThat(alice.mutate("POST", "/api/clusters/test/can-i", "not json").statusCode()).isEqualTo(400);
    assertThat(harness.apiserver.drainRequests()).noneMatch(r -> r.getPath().equals(SSAR));
  }
}
