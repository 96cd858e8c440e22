package io.periscope.aws.iam;

import static io.periscope.testkit.AwsWorkloads.pod;
import static io.periscope.testkit.AwsWorkloads.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.NamedClientConnector;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code GET /api/aws/reverse-lookup} over a fleet of four: {@code prod} and {@code stage} answer
 * (each from its own mock apiserver), {@code slow} holds its pod list until the test lets it go
 * (so its time-out fires), {@code broken} refuses the person's pod list, and the harness's own
 * {@code test} cluster names no AWS region. Policies from IAM API reference shapes on {@link IamStub}.
 */
class FleetReverseLookupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** For the tests of the time-out: long enough for a warm lookup on a loaded machine; the slow cluster never answers before its latch opens. */
  private static final String TIMEOUT = "10s";
  /** For the tests where every cluster answers: only a stuck test would reach it. */
  private static final String NO_TIMEOUT = "5m";
  private final MockApiServer prod = new MockApiServer();
  private final MockApiServer stage = new MockApiServer();
  private final MockApiServer slow = new MockApiServer();
  private final MockApiServer broken = new MockApiServer();
  private final IamStub iam = new IamStub();
  private final CountDownLatch slowAsked = new CountDownLatch(1);
  private final CountDownLatch slowMayAnswer = new CountDownLatch(1);
  private volatile boolean brokenRefuses = true;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  private static ClusterSpec onAws(String name) {
    return new ClusterSpec(name, Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.empty(), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @BeforeEach
  void seed() {
    iam.role("web", Map.of("buckets", allow("s3:DeleteBucket", "*")), List.of())
        .role("reader", Map.of("read", allow("s3:GetObject", "*")), List.of())
        .role("janitor", Map.of("all", allow("s3:*", "*")), List.of());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    slow.answer("GET", "/api/v1/pods", req -> {
      slowAsked.countDown();
      try {
        slowMayAnswer.await(); // holds the answer past the time-out; opened when the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    broken.answer("GET", "/api/v1/", req -> brokenRefuses && req.getHeader("Impersonate-User") != null
        && req.getPath().split("\\?")[0].endsWith("/pods")
        ? MockApiServer.forbidden("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" at the cluster scope")
        : null);
    this.aws = aws;
    serviceAccount(prod.client(), "shop", "web", "web");
    serviceAccount(prod.client(), "shop", "reader", "reader");
    pod(prod.client(), "shop", "web-0", "web");
    pod(prod.client(), "shop", "reader-0", "reader");
    serviceAccount(stage.client(), "jobs", "janitor", "janitor");
    pod(stage.client(), "jobs", "janitor-0", "janitor");
    pod(stage.client(), "jobs", "plain-0", null);
  }

  private AwsClients aws;

  private void start(String clusterTimeout) {
    start(clusterTimeout, "8");
  }

  private void start(String clusterTimeout, String maxConcurrentClusters) {
    var connector = new NamedClientConnector(Backend.EKS, Map.of("prod", prod.client(), "stage", stage.client(), "slow", slow.client(), "broken", broken.client()));
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "aws.access.fleetLookup.clusterTimeout", clusterTimeout,
        "aws.access.fleetLookup.maxConcurrentClusters", maxConcurrentClusters),
        List.of(onAws("prod"), onAws("stage"), onAws("slow"), onAws("broken")), List.of(connector), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  /** Starts with the time-out under test, after one lookup per answering cluster (the JVM, the index and the policy cache warm). */
  private void startWarm() {
    start(TIMEOUT);
    for (String cluster : List.of("prod", "stage")) {
      assertThat(alice.get("/api/clusters/" + cluster + "/aws/reverse-lookup?action=s3:DeleteBucket").statusCode()).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() {
    slowMayAnswer.countDown();
    if (harness != null) {
      harness.close();
    }
    for (MockApiServer s : List.of(prod, stage, slow, broken)) {
      s.close();
    }
    iam.close();
  }

  private static String allow(String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
  }

  private JsonNode fleetLookup(String query) throws Exception {
    var r = alice.get("/api/aws/reverse-lookup?action=" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Map<String, JsonNode> byCluster(JsonNode answer) {
    Map<String, JsonNode> out = new TreeMap<>();
    answer.get("clusters").forEach(c -> out.put(c.get("cluster").asText(), c));
    return out;
  }

  @Test
  void everyClusterAnswersOrSaysWhyNotAndTheAnswerIsMarkedPartial() throws Exception {
    startWarm();
    JsonNode answer = fleetLookup("s3:DeleteBucket");

    assertThat(slowAsked.await(0, TimeUnit.SECONDS)).as("the slow cluster was asked").isTrue();
    assertThat(answer.get("partial").asBoolean()).isTrue();
    Map<String, JsonNode> clusters = byCluster(answer);
    assertThat(clusters).containsOnlyKeys("prod", "stage", "slow", "broken", "test");
    assertThat(answer.get("clusters")).extracting(c -> c.get("cluster").asText())
        .as("in the cluster list's order").containsExactly("broken", "prod", "slow", "stage", "test");

    assertThat(clusters.get("prod").get("status").asText()).isEqualTo("ok");
    assertThat(clusters.get("prod").get("answer").get("matches")).singleElement().satisfies(m -> {
      assertThat(m.get("serviceAccount").asText()).isEqualTo("web");
      assertThat(m.get("pods").toString()).isEqualTo("[\"web-0\"]");
    });
    assertThat(clusters.get("stage").get("status").asText()).isEqualTo("ok");
    assertThat(clusters.get("stage").get("answer").get("matches")).singleElement().satisfies(m -> {
      assertThat(m.get("serviceAccount").asText()).isEqualTo("janitor");
      assertThat(m.get("wildcard").asBoolean()).isTrue();
    });

    assertThat(clusters.get("slow").get("status").asText()).isEqualTo("timed_out");
    assertThat(clusters.get("slow").get("code").asText()).isEqualTo("timeout");
    assertThat(clusters.get("slow").get("message").asText()).contains("10000 ms");
    assertThat(clusters.get("slow").get("answer").isNull()).isTrue();

    assertThat(clusters.get("broken").get("status").asText()).isEqualTo("failed");
    assertThat(clusters.get("broken").get("code").asText()).isEqualTo("forbidden");
    assertThat(clusters.get("broken").get("message").asText()).contains("cannot list resource \"pods\"");

    assertThat(clusters.get("test").get("status").asText()).isEqualTo("not_aws");
    assertThat(clusters.get("test").get("message").asText()).contains("names no AWS region");
  }

  @Test
  void auditedAsTheClusterLookupOneRowPerAwsClusterConsulted() throws Exception {
    startWarm();
    int before = harness.audit.events().size();
    fleetLookup("s3:DeleteBucket");

    List<AuditEvent> events = harness.audit.events();
    List<AuditEvent> rollups = events.subList(before, events.size()).stream()
        .filter(e -> e.verb() == Verb.AWS_IAM_READ && "reverse_lookup".equals(e.extra().get("op"))).toList();
    Map<String, Outcome> byCluster = new TreeMap<>();
    rollups.forEach(e -> byCluster.put(e.target().cluster(), e.outcome()));
    assertThat(byCluster).as("the slow cluster's row is written when its abandoned lookup ends; the non-AWS one has none")
        .containsEntry("prod", Outcome.SUCCESS).containsEntry("stage", Outcome.SUCCESS).containsEntry("broken", Outcome.DENIED)
        .doesNotContainKey("test");
    assertThat(rollups).allMatch(e -> e.actor().sub().equals("alice") && "s3:DeleteBucket".equals(e.extra().get("action")));
  }

  @Test
  void oneClusterAtATimeEachGetsItsOwnTimeOutFromWhenItStarts() throws Exception {
    start(TIMEOUT, "1");
    for (String cluster : List.of("prod", "stage")) {
      assertThat(alice.get("/api/clusters/" + cluster + "/aws/reverse-lookup?action=s3:DeleteBucket").statusCode()).isEqualTo(200);
    }

    JsonNode answer = fleetLookup("s3:DeleteBucket");

    Map<String, JsonNode> clusters = byCluster(answer);
    assertThat(clusters.get("slow").get("status").asText()).isEqualTo("timed_out");
    assertThat(clusters.get("prod").get("status").asText()).as("its own time-out, whichever went first").isEqualTo("ok");
    assertThat(clusters.get("stage").get("status").asText()).isEqualTo("ok");
    assertThat(clusters.get("broken").get("code").asText()).isEqualTo("forbidden");
  }

  @Test
  void aNamespaceNarrowsEveryCluster() throws Exception {
    start(NO_TIMEOUT);
    slowMayAnswer.countDown();

    JsonNode answer = fleetLookup("s3:GetObject&namespace=shop");

    Map<String, JsonNode> clusters = byCluster(answer);
    assertThat(clusters.get("broken").get("status").asText()).as("refused even in one namespace").isEqualTo("failed");
    assertThat(answer.get("partial").asBoolean()).isTrue();
    assertThat(clusters.get("slow").get("status").asText()).as(answer.toString()).isEqualTo("ok");
    assertThat(clusters.get("prod").get("status").asText()).as(answer.toString()).isEqualTo("ok");
    assertThat(clusters.get("prod").get("answer").get("namespace").asText()).isEqualTo("shop");
    assertThat(clusters.get("prod").get("answer").get("matches")).extracting(m -> m.get("serviceAccount").asText())
        .containsExactly("reader");
    assertThat(clusters.get("stage").get("answer").get("podsListed").asInt()).as("stage has no pods in shop").isZero();
  }

  @Test
  void allAnsweringIsNotPartial() throws Exception {
    start(NO_TIMEOUT);
    slowMayAnswer.countDown();
    brokenRefuses = false;

    JsonNode answer = fleetLookup("s3:GetObject&namespace=quiet");

    assertThat(byCluster(answer).values()).extracting(c -> c.get("status").asText())
        .containsExactlyInAnyOrder("ok", "ok", "ok", "ok", "not_aws");
    assertThat(answer.get("partial").asBoolean()).as("a cluster not on AWS does not make the answer partial").isFalse();
  }

  @Test
  void aBadQuestionIs400AndNoClusterIsAsked() {
    start(NO_TIMEOUT);
    for (String bad : List.of("", "s3:Delete*", "s3:DeleteBucket&namespace=Not_A_Namespace")) {
      var r = alice.get("/api/aws/reverse-lookup?action=" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
    }
    assertThat(slowAsked.getCount()).isEqualTo(1);
    assertThat(harness.audit.events()).noneMatch(e -> e.verb() == Verb.AWS_IAM_READ);
    assertThat(iam.calls()).isZero();
  }
}
