package io.periscope.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.ApiserverTap;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pod logs end to end: browser → Periscope → apiserver. Fixed logs come from scripted mock
 * apiserver routes; a followed log comes through an {@link ApiserverTap} that feeds lines live.
 */
@org.junit.jupiter.api.Timeout(90)
public class PodLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POD = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/web";
  private static final String LOG_PATH = "/api/v1/namespaces/shop/pods/web/log";

  private PeriscopeHarness harness;
  private ApiserverTap tap;
  private TestBrowser browser;
  private final List<RecordedRequest> logCalls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate"), m -> {
      tap = new ApiserverTap(m);
      return tap.client();
    }, b -> { });
    harness.apiserver.client().pods().inNamespace("shop").resource(pod()).create();
    browser = harness.browser();
    browser.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
    tap.close();
  }

  /** A pod with init, regular (default annotated) and ephemeral containers in several states; shared with the exec tests. */
  public static Pod pod() {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop")
        .addToAnnotations("kubectl.kubernetes.io/default-container", "app").endMetadata()
        .withNewSpec()
        .addNewInitContainer().withName("migrate").withImage("flyway:10").endInitContainer()
        .addNewContainer().withName("sidecar").withImage("envoy:1.30").endContainer()
        .addNewContainer().withName("app").withImage("shop:2.1").endContainer()
        .addNewEphemeralContainer().withName("debugger").withImage("busybox").endEphemeralContainer()
        .endSpec()
        .withNewStatus()
        .addToInitContainerStatuses(new ContainerStatusBuilder().withName("migrate").withRestartCount(0).withReady(false)
            .withNewState().withNewTerminated().withReason("Completed").withExitCode(0).endTerminated().endState().build())
        .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(3).withReady(true)
            .withNewState().withNewRunning().withStartedAt("2026-11-20T08:00:00Z").endRunning().endState().build())
        .addToContainerStatuses(new ContainerStatusBuilder().withName("sidecar").withRestartCount(0).withReady(false)
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().build())
        .endStatus().build();
  }

  private void scriptLog(String body) {
    harness.apiserver.answer("GET", LOG_PATH, req -> {
      logCalls.add(req);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
    });
  }

  private List<AuditEvent> logAudits() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.LOG_OPEN).toList();
  }

  @Test
  void tailOfThePreviousInstanceWithTimestampsIsPassedToTheApiserverAndAuditedOnce() {
    scriptLog("2026-11-20T08:00:01Z panic: boom\n2026-11-20T08:00:02Z exit 2\n");

    HttpResponse<String> r = browser.get(POD + "/logs?container=app&previous=true&tailLines=2&timestamps=true&sinceSeconds=600");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("2026-11-20T08:00:01Z panic: boom\n2026-11-20T08:00:02Z exit 2\n");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    assertThat(logCalls).hasSize(1);
    String query = logCalls.getFirst().getPath();
    assertThat(query).contains("container=app", "previous=true", "tailLines=2", "timestamps=true", "sinceSeconds=600")
        .doesNotContain("follow=true");
    assertThat(logCalls.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("alice");

    List<AuditEvent> audits = logAudits();
    assertThat(audits).hasSize(1);
    AuditEvent e = audits.getFirst();
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "pods", "web"));
    assertThat(e.extra()).containsEntry("container", "app").containsEntry("follow", false).containsEntry("previous", true)
        .containsEntry("tailLines", 2);
  }

  @Test
  void aWindowSinceATimeWithAByteLimitReachesTheApiserverExactlyAsThePerson() {
    scriptLog("08:00:01 incident starts\n");

    // +02:00 is sent on as the same instant in UTC; the time is not followed by the kubelet's stamps (plain text).
    HttpResponse<String> r = browser.get(POD + "/logs?container=app&sinceTime=2026-11-20T10:00:00%2B02:00&tailLines=50000&limitBytes=1048576");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("08:00:01 incident starts\n");
    assertThat(logCalls).singleElement().satisfies(call -> {
      assertThat(call.getPath()).isEqualTo(LOG_PATH + "?container=app&sinceTime=2026-11-20T08%3A00%3A00Z&tailLines=50000&limitBytes=1048576");
      assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-shared");
    });
    assertThat(logAudits()).singleElement().satisfies(e -> assertThat(e.extra())
        .containsEntry("sinceTime", "2026-11-20T08:00:00Z").containsEntry("limitBytes", 1048576L).containsEntry("tailLines", 50000));
  }

  @Test
  void theConsolesWindowOfTheLastHourIsAskedForWithTheKubeletsTimeAndACapOfLines() {
    scriptLog("2026-11-20T08:00:01Z started\n");

    HttpResponse<java.util.stream.Stream<String>> r = browser.stream(POD + "/logs?container=app&follow=true&sinceSeconds=3600&tailLines=50000", EVENTS);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(events(r.body())).extracting(e -> e.get("type").asText()).containsExactly("open", "line", "end");
    assertThat(logCalls).singleElement().satisfies(call -> {
      assertThat(call.getPath()).isEqualTo(LOG_PATH + "?container=app&follow=true&sinceSeconds=3600&tailLines=50000&timestamps=true");
      assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-shared");
    });
    assertThat(logAudits()).singleElement().satisfies(e -> assertThat(e.extra())
        .containsEntry("sinceSeconds", 3600).containsEntry("tailLines", 50000).containsEntry("follow", true).doesNotContainKey("sinceTime"));
  }

  @Test
  void noContainerMeansTheAnnotatedDefaultAndDownloadIsAnAttachment() {
    scriptLog("hello\n");

    HttpResponse<String> r = browser.get(POD + "/logs?download=true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(logCalls.getFirst().getPath()).contains("container=app");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .matches("attachment; filename=\"web_app_\\d{8}-\\d{6}\\.log\"");
    assertThat(logAudits().getFirst().extra()).containsEntry("download", true);
  }

  @Test
  void aFollowedLogEndsWithTheSessionAndStopsReadingAsThePerson() throws Exception {
    ApiserverTap.LiveStream live = tap.liveStream(LOG_PATH);
    HttpResponse<InputStream> r = browser.stream(POD + "/logs?container=sidecar&follow=true");
    assertThat(live.opened().await(10, TimeUnit.SECONDS)).isTrue();
    var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    live.write("before logout\n");
    assertThat(reader.readLine()).isEqualTo("before logout");

    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);

    var ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          // output written before the close may still arrive
        }
        return true;
      } catch (java.io.IOException e) {
        return true;
      }
    });
    assertThat(ended.get(5, TimeUnit.SECONDS)).as("the response ended").isTrue();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
      live.write("output after logout\n");
      return live.readerGone().getCount() == 0;
    });
  }

  @Test
  void followDeliversNewLinesAsTheyArriveAndStopsReadingWhenTheBrowserLeaves() throws Exception {
    ApiserverTap.LiveStream live = tap.liveStream(LOG_PATH);

    HttpResponse<InputStream> r = browser.stream(POD + "/logs?container=sidecar&follow=true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(live.opened().await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(live.requestUri()).contains("follow=true").contains("container=sidecar");
    assertThat(live.requestHeaders().get("Impersonate-user")).containsExactly("alice");
    var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    live.write("first line\n");
    assertThat(reader.readLine()).isEqualTo("first line");
    live.write("written after the browser started reading\n");
    assertThat(reader.readLine()).isEqualTo("written after the browser started reading");
    assertThat(logAudits()).hasSize(1);
    assertThat(logAudits().getFirst().extra()).containsEntry("follow", true).containsEntry("container", "sidecar");

    r.body().close();

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      live.write("more output nobody reads\n");
      return live.readerGone().getCount() == 0;
    });
    assertThat(logAudits()).hasSize(1);
  }

  private static final Map<String, String> EVENTS = Map.of("Accept", "application/x-ndjson");

  private static List<JsonNode> events(java.util.stream.Stream<String> lines) {
    return lines.filter(l -> !l.isBlank()).map(l -> {
      try {
        return JSON.readTree(l);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(l, e);
      }
    }).toList();
  }

  @Test
  void theConsoleGetsEventsWithTheKubeletsTimeOnEachLineAndTheEnd() {
    scriptLog("2026-11-20T08:00:01.5Z started\n2026-11-20T08:00:02Z ready to serve\n");

    HttpResponse<java.util.stream.Stream<String>> r = browser.stream(POD + "/logs?container=app&tailLines=10", EVENTS);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
    assertThat(events(r.body())).extracting(JsonNode::toString).containsExactly(
        "{\"type\":\"open\",\"pod\":\"web\",\"container\":\"app\"}",
        "{\"type\":\"line\",\"pod\":\"web\",\"container\":\"app\",\"time\":\"2026-11-20T08:00:01.5Z\",\"text\":\"started\"}",
        "{\"type\":\"line\",\"pod\":\"web\",\"container\":\"app\",\"time\":\"2026-11-20T08:00:02Z\",\"text\":\"ready to serve\"}",
        "{\"type\":\"end\",\"pod\":\"web\",\"container\":\"app\"}");
    // The time comes from the kubelet, asked for as the person; one audited open.
    assertThat(logCalls).hasSize(1);
    assertThat(logCalls.getFirst().getPath()).contains("timestamps=true", "tailLines=10").doesNotContain("follow=true");
    assertThat(logCalls.getFirst().getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(logAudits()).singleElement().satisfies(e -> assertThat(e.extra()).containsEntry("container", "app"));
  }

  @Test
  void aPersonFollowsAtMostEightPodLogsAndTheNinthIsRefusedBeforeAnyApiserverCallUntilOneEnds() throws Exception {
    List<ApiserverTap.LiveStream> lives = new java.util.ArrayList<>();
    List<HttpResponse<java.util.stream.Stream<String>>> open = new java.util.ArrayList<>();
    for (int i = 0; i < PodLogs.MAX_FOLLOWS_PER_PERSON; i++) {
      ApiserverTap.LiveStream live = tap.liveStream(LOG_PATH);
      open.add(browser.stream(POD + "/logs?container=app&follow=true", EVENTS));
      assertThat(live.opened().await(10, TimeUnit.SECONDS)).isTrue();
      lives.add(live);
    }
    // Live lines reach the reader as events while the follow stays open.
    var first = open.getFirst().body().iterator();
    assertThat(first.next()).isEqualTo("{\"type\":\"open\",\"pod\":\"web\",\"container\":\"app\"}");
    lives.getFirst().write("2026-11-20T08:00:03Z live line\n");
    assertThat(first.next()).contains("\"time\":\"2026-11-20T08:00:03Z\",\"text\":\"live line\"");
    long rowsBefore = logAudits().size();

    HttpResponse<String> ninth = browser.get(harness.url(POD + "/logs?container=app&follow=true"), EVENTS);
    HttpResponse<String> read = browser.get(harness.url(POD + "/logs?container=app&tailLines=1"), EVENTS); // not a follow: not counted
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of("devs"));
    ApiserverTap.LiveStream bobs = tap.liveStream(LOG_PATH);
    HttpResponse<java.util.stream.Stream<String>> bobsFollow = bob.stream(POD + "/logs?container=app&follow=true", EVENTS);

    assertThat(ninth.statusCode()).isEqualTo(429);
    JsonNode body = JSON.readTree(ninth.body());
    assertThat(body.get("code").asText()).isEqualTo("too_many_streams");
    assertThat(body.get("message").asText()).contains("following 8 pod logs already");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(bobsFollow.statusCode()).isEqualTo(200);
    assertThat(bobs.opened().await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(logAudits()).hasSize((int) rowsBefore + 2); // the read and bob's follow; the refused follow reached nothing

    // A log that ends (the container stopped) frees its place.
    lives.getFirst().end();
    List<String> rest = new java.util.ArrayList<>();
    first.forEachRemaining(rest::add);
    assertThat(rest.getLast()).isEqualTo("{\"type\":\"end\",\"pod\":\"web\",\"container\":\"app\"}");
    ApiserverTap.LiveStream again = tap.liveStream(LOG_PATH);
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.stream(POD + "/logs?container=app&follow=true", EVENTS).statusCode() == 200);
    assertThat(again.opened().await(10, TimeUnit.SECONDS)).isTrue();
    lives.forEach(ApiserverTap.LiveStream::end);
    again.end();
    bobs.end();
  }

  @Test
  void containersListsInitRegularAndEphemeralWithState() throws Exception {
    HttpResponse<String> r = browser.get(POD + "/containers");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("defaultContainer").asText()).isEqualTo("app");
    JsonNode list = body.get("containers");
    assertThat(list).extracting(c -> c.get("name").asText()).containsExactly("migrate", "sidecar", "app", "debugger");
    assertThat(list).extracting(c -> c.get("kind").asText()).containsExactly("init", "container", "container", "ephemeral");
    assertThat(list).extracting(c -> c.get("state").asText()).containsExactly("terminated", "waiting", "running", "unknown");
    assertThat(list.get(0).get("reason").asText()).isEqualTo("Completed");
    assertThat(list.get(1).get("reason").asText()).isEqualTo("CrashLoopBackOff");
    assertThat(list.get(2).get("restartCount").asInt()).isEqualTo(3);
    assertThat(list.get(2).get("hasPreviousLogs").asBoolean()).isTrue();
    assertThat(list.get(2).get("startedAt").asText()).isEqualTo("2026-11-20T08:00:00Z");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/logs?container=nginx | 400 | unknown_container | valid containers: migrate, sidecar, app, debugger",
      "/logs?tailLines=-1 | 400 | bad_request | 'tailLines' must be 0 or more, got -1",
      "/logs?tailLines=50001 | 400 | bad_request | 'tailLines' must be at most 50000, got 50001; for the whole log, download it",
      "/logs?tailLines=2147483648 | 400 | bad_request | 'tailLines' must be a whole number, got '2147483648'",
      "/logs?download=true&tailLines=100000 | 400 | bad_request | 'tailLines' must be at most 50000",
      "/logs?sinceSeconds=-5 | 400 | bad_request | 'sinceSeconds' must be at least 1, got -5",
      "/logs?tailLines=ten | 400 | bad_request | 'tailLines' must be a whole number, got 'ten'",
      "/logs?sinceSeconds=1.5 | 400 | bad_request | 'sinceSeconds' must be a whole number",
      "/logs?follow=yes | 400 | bad_request | 'follow' must be true or false, got 'yes'",
      "/logs?sinceTime=yesterday | 400 | bad_request | 'sinceTime' must be an RFC 3339 time such as 2026-11-20T08:00:00Z, got 'yesterday'",
      "/logs?sinceTime=2026-11-20T08:00Z | 400 | bad_request | 'sinceTime' must be an RFC 3339 time",
      "/logs?sinceTime=2026-11-20T08:00:00 | 400 | bad_request | 'sinceTime' must be an RFC 3339 time",
      "/logs?sinceTime=2026-02-30T08:00:00Z | 400 | bad_request | got '2026-02-30T08:00:00Z'",
      "/logs?sinceTime=2026-11-20T10:00:00+02:00 | 400 | bad_request | got '2026-11-20T10:00:00 02:00'",
      "/logs?sinceTime=2026-11-20T08:00:00Z&sinceSeconds=60 | 400 | bad_request | 'sinceSeconds' and 'sinceTime' exclude each other",
      "/logs?limitBytes=0 | 400 | bad_request | 'limitBytes' must be at least 1, got 0",
      "/logs?limitBytes=1MB | 400 | bad_request | 'limitBytes' must be a whole number, got '1MB'",
      "/logs?tailLines=5&tailLines=6 | 400 | bad_request | 'tailLines' is given more than once",
  })
  void badInputIsA400NamingTheProblemAndOpensNoStream(String query, int status, String code, String message) throws Exception {
    scriptLog("should not be read\n");

    HttpResponse<String> r = browser.get(POD + query);

    assertThat(r.statusCode()).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).contains(message);
    assertThat(body.get("requestId").asText()).isNotBlank();
    assertThat(logCalls).isEmpty();
    assertThat(logAudits()).isEmpty();
  }

  @Test
  void missingPodIs404() throws Exception {
    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/pods/shop/ghost/logs");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("pod_not_found");
  }

  @Test
  void apiserverRefusalIsForwardedAndAuditedAsDenied() throws Exception {
    String rbac = "pods \"web\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"shop\"";
    harness.apiserver.answer("GET", LOG_PATH, req -> io.periscope.testkit.MockApiServer.forbidden(rbac));

    HttpResponse<String> r = browser.get(POD + "/logs?container=app");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo(rbac);
    assertThat(logAudits()).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(e.reason()).isEqualTo(rbac);
    });
  }
}
