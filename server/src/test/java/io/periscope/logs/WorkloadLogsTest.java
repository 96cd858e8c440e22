package io.periscope.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A workload's logs end to end: browser → Periscope → apiserver, each pod's log read as the
 * person and merged in the kubelets' time order; followed, pods that start later join.
 */
@org.junit.jupiter.api.Timeout(90)
class WorkloadLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/apps/v1/deployments/shop/web/logs";

  private PeriscopeHarness harness;
  private TestBrowser browser;
  private final List<RecordedRequest> logCalls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.sharedIdentity", "impersonate"));
    var k8s = harness.apiserver.client();
    k8s.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
    k8s.pods().inNamespace("shop").resource(pod("web-b", "web")).create();
    k8s.pods().inNamespace("shop").resource(pod("web-a", "web")).create();
    k8s.pods().inNamespace("shop").resource(pod("api-x", "api")).create();
    browser = harness.browser();
    browser.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static Pod pod(String name, String app) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withUid("uid-" + name).addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("shop:2").endContainer()
        .addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer().endSpec()
        .withNewStatus()
        .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(0).withReady(true)
            .withNewState().withNewRunning().withStartedAt("2026-12-01T10:00:00Z").endRunning().endState().build())
        .addToContainerStatuses(new ContainerStatusBuilder().withName("proxy").withRestartCount(0).withReady(true)
            .withNewState().withNewRunning().withStartedAt("2026-12-01T10:00:00Z").endRunning().endState().build())
        .endStatus().build();
  }

  private void scriptLog(String pod, String body) {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/" + pod + "/log", req -> {
      logCalls.add(req);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
    });
  }

  private static List<JsonNode> events(String ndjson) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> texts(List<JsonNode> events) {
    return events.stream().filter(e -> e.get("type").asText().equals("line"))
        .map(e -> e.get("pod").asText() + ": " + e.get("text").asText()).toList();
  }

  private List<AuditEvent> logAudits() {
    return harness.audit.events().stream().filter(e -> e.verb() == Verb.LOG_OPEN).toList();
  }

  @Test
  void everySelectedPodIsReadAsThePersonAndTheLinesMergedInTimeOrder() throws Exception {
    scriptLog("web-a", "2026-12-01T10:00:01.000000001Z a first\n2026-12-01T10:00:03Z a third\nno stamp after a third\n");
    scriptLog("web-b", "2026-12-01T10:00:02.5Z b second\n2026-12-01T10:00:04Z b fourth\n");
    scriptLog("api-x", "never read\n");

    HttpResponse<String> r = browser.get(WEB + "?tailLines=50");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
    List<JsonNode> events = events(r.body());
    assertThat(events.getFirst().get("type").asText()).isEqualTo("selector");
    assertThat(events.getFirst().get("selector").asText()).isEqualTo("app=web");
    assertThat(events.getFirst().get("limit").asInt()).isEqualTo(WorkloadLogs.MAX_STREAMS);
    assertThat(texts(events)).containsExactly("web-a: a first", "web-b: b second", "web-a: a third", "web-a: no stamp after a third",
        "web-b: b fourth");
    JsonNode first = events.stream().filter(e -> e.get("type").asText().equals("line")).findFirst().orElseThrow();
    assertThat(first.get("container").asText()).isEqualTo("app");
    assertThat(first.get("time").asText()).isEqualTo("2026-12-01T10:00:01.000000001Z");
    assertThat(events.stream().filter(e -> e.get("type").asText().equals("end")).map(e -> e.get("pod").asText())).containsExactlyInAnyOrder("web-a", "web-b");

    assertThat(logCalls).hasSize(2).allSatisfy(call -> {
      assertThat(call.getPath()).contains("container=app", "timestamps=true", "tailLines=50").doesNotContain("follow");
      assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-shared");
    });
    assertThat(logAudits()).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.target()).isEqualTo(new AuditEvent.Target(PeriscopeHarness.CLUSTER, "shop", "deployments", "web"));
      assertThat(e.extra()).containsEntry("selector", "app=web").containsEntry("pods", 2).containsEntry("follow", false)
          .containsEntry("allContainers", false).containsEntry("tailLines", 50);
    });
  }

  @Test
  void aWindowSinceATimeIsAskedOfEveryPodsStreamExactlyAsThePerson() throws Exception {
    scriptLog("web-a", "2026-12-01T10:00:01Z a\n");
    scriptLog("web-b", "2026-12-01T10:00:02Z b\n");

    HttpResponse<String> r = browser.get(WEB + "?container=app&sinceTime=2026-12-01T10:00:00.5Z&tailLines=2000&limitBytes=65536");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(texts(events(r.body()))).containsExactly("web-a: a", "web-b: b");
    assertThat(logCalls).extracting(RecordedRequest::getPath).containsExactlyInAnyOrder(
        "/api/v1/namespaces/shop/pods/web-a/log?container=app&sinceTime=2026-12-01T10%3A00%3A00.500Z&tailLines=2000&limitBytes=65536&timestamps=true",
        "/api/v1/namespaces/shop/pods/web-b/log?container=app&sinceTime=2026-12-01T10%3A00%3A00.500Z&tailLines=2000&limitBytes=65536&timestamps=true");
    assertThat(logCalls).allSatisfy(call -> {
      assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("alice");
      assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactly("periscope-shared");
    });
    assertThat(logAudits()).singleElement().satisfies(e -> assertThat(e.extra())
        .containsEntry("sinceTime", "2026-12-01T10:00:00.500Z").containsEntry("limitBytes", 65536L).containsEntry("tailLines", 2000));
  }

  @Test
  void allContainersReadsEachContainerAndTheDownloadPrefixesEveryLine() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> {
      if (!req.getPath().contains("/log?")) {
        return null;
      }
      logCalls.add(req);
      String pod = req.getPath().split("/")[6];
      String container = req.getPath().contains("container=proxy") ? "proxy" : "app";
      int second = (pod.equals("web-a") ? 1 : 2) + (container.equals("proxy") ? 2 : 0);
      return new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:0" + second + "Z hello from " + container + "\n");
    });

    HttpResponse<String> r = browser.get(WEB + "?allContainers=true&download=true&timestamps=true");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).matches("attachment; filename=\"web_deployments_\\d{8}-\\d{6}\\.log\"");
    assertThat(r.body()).isEqualTo("""
        2026-12-01T10:00:01Z [web-a/app] hello from app
        2026-12-01T10:00:02Z [web-b/app] hello from app
        2026-12-01T10:00:03Z [web-a/proxy] hello from proxy
        2026-12-01T10:00:04Z [web-b/proxy] hello from proxy
        """);
    assertThat(logCalls).hasSize(4);
    assertThat(logAudits().getFirst().extra()).containsEntry("allContainers", true).containsEntry("download", true);
  }

  @Test
  void aRefusedPodIsReportedOnItsOwnAndTheOthersAreStillRead() throws Exception {
    scriptLog("web-a", "2026-12-01T10:00:01Z a first\n");
    String rbac = "pods \"web-b\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"shop\"";
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/web-b/log", req -> MockApiServer.forbidden(rbac));

    HttpResponse<String> r = browser.get(WEB);

    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonNode> events = events(r.body());
    assertThat(texts(events)).containsExactly("web-a: a first");
    assertThat(events).filteredOn(e -> e.get("type").asText().equals("error")).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-b");
      assertThat(e.get("code").asInt()).isEqualTo(403);
      assertThat(e.get("message").asText()).isEqualTo(rbac);
    });
  }

  @Test
  void aPodWithoutTheNamedContainerIsSkippedAndSaysWhy() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(new PodBuilder(pod("web-c", "web")).editSpec()
        .removeMatchingFromContainers(c -> c.getName().equals("proxy")).endSpec().build()).create();
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> {
      if (!req.getPath().contains("/log?")) {
        return null;
      }
      logCalls.add(req);
      return new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:01Z proxy line\n");
    });

    HttpResponse<String> r = browser.get(WEB + "?container=proxy");

    List<JsonNode> events = events(r.body());
    assertThat(texts(events)).containsExactly("web-a: proxy line", "web-b: proxy line");
    assertThat(events).filteredOn(e -> e.get("type").asText().equals("skipped")).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-c");
      assertThat(e.get("reason").asText()).isEqualTo("no_such_container");
      assertThat(e.get("message").asText()).isEqualTo("pod web-c has no container 'proxy'");
    });
    assertThat(logCalls).hasSize(2).allSatisfy(c -> assertThat(c.getPath()).contains("container=proxy"));
  }

  @Test
  void thePreviousInstanceIsAskedOnlyOfContainersThatRestartedAndTheOthersSayWhy() throws Exception {
    // web-a's app restarted once (its last state terminated); web-b never restarted: the apiserver would answer it 400.
    var restarted = new PodBuilder(pod("web-a", "web")).editStatus().editFirstContainerStatus().withRestartCount(1)
        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
        .endContainerStatus().endStatus().build();
    harness.apiserver.client().pods().inNamespace("shop").resource(restarted).update();
    scriptLog("web-a", "2026-12-01T09:59:59Z the crash\n");
    scriptLog("web-b", "never read\n");

    List<JsonNode> events = events(browser.get(WEB + "?previous=true").body());

    assertThat(texts(events)).containsExactly("web-a: the crash");
    assertThat(logCalls).singleElement().satisfies(c -> assertThat(c.getPath()).contains("/web-a/log?", "previous=true", "container=app"));
    assertThat(events).filteredOn(e -> e.get("type").asText().equals("error")).isEmpty();
    assertThat(events).filteredOn(e -> e.get("type").asText().equals("skipped")).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-b");
      assertThat(e.get("reason").asText()).isEqualTo("no_previous");
      assertThat(e.get("message").asText()).isEqualTo("container app has not restarted: no previous instance");
    });

    List<JsonNode> both = events(browser.get(WEB + "?previous=true&allContainers=true").body());
    assertThat(both).filteredOn(e -> e.get("type").asText().equals("skipped"))
        .extracting(e -> e.get("pod").asText() + " " + e.get("reason").asText() + ": " + e.get("message").asText())
        .containsExactly("web-a no_previous: container proxy has not restarted: no previous instance",
            "web-b no_previous: containers app, proxy have not restarted: no previous instance");
  }

  /** {@code count} more running pods of web, each with containers app and proxy, named {@code web-p00}... (after web-a and web-b). */
  private void addWebPods(int count) {
    for (int i = 0; i < count; i++) {
      harness.apiserver.client().pods().inNamespace("shop").resource(pod("web-p%02d".formatted(i), "web")).create();
    }
  }

  private static List<JsonNode> skips(List<JsonNode> events) {
    return events.stream().filter(e -> e.get("type").asText().equals("skipped")).toList();
  }

  @Test
  void podsBeyondTheStreamLimitAreSkippedWithTheirReason() throws Exception {
    addWebPods(WorkloadLogs.MAX_STREAMS - 1); // 21 pods, one stream each (the default container)
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> req.getPath().contains("/log?")
        ? new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:01Z line\n") : null);

    List<JsonNode> events = events(browser.get(WEB).body());

    // By name, the 21st pod is the last one added.
    assertThat(texts(events)).hasSize(WorkloadLogs.MAX_STREAMS);
    assertThat(skips(events)).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-p%02d".formatted(WorkloadLogs.MAX_STREAMS - 2));
      assertThat(e.get("reason").asText()).isEqualTo("stream_limit");
      assertThat(e.get("message").asText()).isEqualTo("20 log streams are open: this pod's log is not read");
    });
  }

  @Test
  void aPodWithNoContainerToReadIsSkippedWithItsReason() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-empty").withNamespace("shop")
        .addToLabels("app", "web").endMetadata().withNewSpec().endSpec().build()).create();
    scriptLog("web-a", "2026-12-01T10:00:01Z a\n");
    scriptLog("web-b", "2026-12-01T10:00:02Z b\n");

    List<JsonNode> events = events(browser.get(WEB).body());

    assertThat(texts(events)).containsExactly("web-a: a", "web-b: b");
    assertThat(skips(events)).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-empty");
      assertThat(e.get("reason").asText()).isEqualTo("no_containers");
      assertThat(e.get("message").asText()).isEqualTo("pod web-empty has no containers");
    });
  }

  /** The events of a followed view as they arrive, read on a thread of their own until the answer ends. */
  private List<JsonNode> follow(String url) {
    HttpResponse<InputStream> r = browser.stream(url);
    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    CompletableFuture.runAsync(() -> {
      try (var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          events.add(JSON.readTree(line));
        }
      } catch (java.io.IOException e) {
        // The answer ended with the session.
      }
    });
    return events;
  }

  @Test
  void aFollowedPodWithoutTheNamedContainerIsSkippedWithItsReason() throws Exception {
    harness.apiserver.client().pods().inNamespace("shop").resource(new PodBuilder(pod("web-c", "web")).editSpec()
        .removeMatchingFromContainers(c -> c.getName().equals("proxy")).endSpec().build()).create();
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> req.getPath().contains("/log?")
        ? new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:01Z proxy line\n") : null);

    List<JsonNode> events = follow(WEB + "?follow=true&container=proxy");

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> events.stream().filter(e -> e.get("type").asText().equals("end")).count() == 2 && !skips(events).isEmpty());
    assertThat(skips(events)).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).isEqualTo("web-c");
      assertThat(e.get("reason").asText()).isEqualTo("no_such_container");
      assertThat(e.get("message").asText()).isEqualTo("pod web-c has no container 'proxy'");
    });
    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);
  }

  @Test
  void aFollowedPodBeyondTheStreamLimitIsSkippedWithItsReason() throws Exception {
    addWebPods(WorkloadLogs.MAX_STREAMS - 1);
    // Each log is answered only after the test has ended, so every stream opened stays open and counts.
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> {
      if (!req.getPath().contains("/log?")) {
        return null;
      }
      logCalls.add(req);
      return new MockResponse().setResponseCode(200).setBody("never read\n").setBodyDelay(java.time.Duration.ofMinutes(10));
    });

    List<JsonNode> events = follow(WEB + "?follow=true");

    // Well before the first heartbeat (15 s), whose flush alone carried the event while no stream had a line to send.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !skips(events).isEmpty());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> logCalls.size() == WorkloadLogs.MAX_STREAMS);
    // Which pod the informer names last is its choice; exactly one is beyond the limit.
    assertThat(skips(events)).singleElement().satisfies(e -> {
      assertThat(e.get("pod").asText()).startsWith("web-");
      assertThat(e.get("reason").asText()).isEqualTo("stream_limit");
      assertThat(e.get("message").asText()).isEqualTo("20 log streams are open: this pod's log is not read");
    });
    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);
  }

  @Test
  void followedPodsThatStartLaterJoinAndTheStreamEndsWithTheSession() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> {
      if (!req.getPath().contains("/log?")) {
        return null;
      }
      logCalls.add(req);
      String pod = req.getPath().split("/")[6];
      return new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:01Z hello from " + pod + "\n");
    });
    HttpResponse<InputStream> r = browser.stream(WEB + "?follow=true&tailLines=10");
    assertThat(r.statusCode()).isEqualTo(200);
    var reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    List<String> lines = new CopyOnWriteArrayList<>();
    var ended = CompletableFuture.runAsync(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("io: " + e);
      }
    });
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> lines.stream().filter(l -> l.contains("\"end\"")).count() == 2);

    // A new replica of the rollout: not yet running, then running.
    Pod pending = new PodBuilder(pod("web-n", "web")).editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
        .withRestartCount(0).withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build()).endStatus().build();
    harness.apiserver.client().pods().inNamespace("shop").resource(pending).create();
    harness.apiserver.client().pods().inNamespace("shop").resource(pod("web-n", "web")).update();

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> lines.stream().anyMatch(l -> l.contains("hello from web-n")));
    assertThat(logCalls).extracting(RecordedRequest::getPath)
        .allSatisfy(p -> assertThat(p).contains("follow=true", "timestamps=true", "container=app"))
        .filteredOn(p -> p.contains("/web-n/")).hasSize(1);
    assertThat(events(String.join("\n", lines)).getFirst().get("type").asText()).isEqualTo("selector");
    assertThat(logAudits()).singleElement().satisfies(e -> assertThat(e.extra()).containsEntry("follow", true));

    // web-a's container restarts: its new instance is read too.
    Pod restarted = new PodBuilder(pod("web-a", "web")).editStatus().editMatchingContainerStatus(c -> c.getName().equals("app"))
        .withRestartCount(1).endContainerStatus().endStatus().build();
    harness.apiserver.client().pods().inNamespace("shop").resource(restarted).update();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> logCalls.stream().filter(c -> c.getPath().contains("/web-a/")).count() == 2);

    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);
    ended.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theSelectorIsShownInKubectlsSyntax() {
    var selector = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().addToMatchLabels("tier", "front").addToMatchLabels("app", "web")
        .addNewMatchExpression().withKey("track").withOperator("In").withValues("stable", "canary").endMatchExpression()
        .addNewMatchExpression().withKey("env").withOperator("NotIn").withValues("dev").endMatchExpression()
        .addNewMatchExpression().withKey("owner").withOperator("Exists").endMatchExpression()
        .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression().build();

    assertThat(io.periscope.resources.LabelSelector.text(selector)).isEqualTo("app=web,tier=front,track in (stable,canary),env notin (dev),owner,!legacy");
  }

  @Test
  void aPersonFollowsAtMostFourWorkloadsLogsAtOnceAndTheSessionsEndFreesThem() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/pods/", req -> req.getPath().contains("/log?")
        ? new MockResponse().setResponseCode(200).setBody("2026-12-01T10:00:01Z line\n") : null);
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    for (int i = 0; i < WorkloadLogs.MAX_FOLLOWS_PER_PERSON; i++) {
      open.add(browser.stream(WEB + "?follow=true"));
    }
    assertThat(open).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    java.util.function.Supplier<Long> alicesRows = () -> logAudits().stream().filter(e -> e.actor().sub().equals("alice")).count();
    long auditsBefore = alicesRows.get();

    HttpResponse<String> fifth = browser.get(WEB + "?follow=true");
    // Reading to the end is no follow: not counted.
    HttpResponse<String> whole = browser.get(WEB);
    TestBrowser bob = harness.browser();
    bob.login("bob", List.of("devs"));
    HttpResponse<InputStream> bobs = bob.stream(WEB + "?follow=true");

    assertThat(fifth.statusCode()).isEqualTo(429);
    JsonNode body = JSON.readTree(fifth.body());
    assertThat(body.get("code").asText()).isEqualTo("too_many_streams");
    assertThat(body.get("message").asText()).contains("following 4 workloads' logs already");
    assertThat(alicesRows.get()).isEqualTo(auditsBefore + 1); // the whole read's row; the refused follow reached no apiserver
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(bobs.statusCode()).isEqualTo(200);

    assertThat(browser.mutate("POST", "/api/auth/logout", "").statusCode()).isLessThan(400);
    for (HttpResponse<InputStream> r : open) {
      r.body().readAllBytes(); // each ends with the session
    }
    browser.login("alice", List.of("devs"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      HttpResponse<InputStream> again = browser.stream(WEB + "?follow=true");
      again.body().close();
      return again.statusCode() == 200;
    });
    bobs.body().close();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "resources/apps/v1/deployments/shop/web/logs?container=app&allContainers=true | 400 | bad_request | exclude each other",
      "resources/apps/v1/deployments/shop/web/logs?tailLines=-1 | 400 | bad_request | 'tailLines' must be 0 or more",
      "resources/apps/v1/deployments/shop/web/logs?tailLines=50001&follow=true | 400 | bad_request | 'tailLines' must be at most 50000, got 50001",
      "resources/apps/v1/deployments/shop/web/logs?sinceTime=1h | 400 | bad_request | 'sinceTime' must be an RFC 3339 time",
      "resources/apps/v1/deployments/shop/web/logs?sinceSeconds=60&sinceTime=2026-12-01T10:00:00Z | 400 | bad_request | exclude each other",
      "resources/apps/v1/deployments/shop/web/logs?limitBytes=-1 | 400 | bad_request | 'limitBytes' must be at least 1",
      "resources/apps/v1/deployments/shop/web/logs?allContainers=maybe | 400 | bad_request | 'allContainers' must be true or false",
      "resources/core/v1/configmaps/shop/web/logs | 422 | unsupported_action | not for core/v1 configmaps",
  })
  void badInputIsRefusedBeforeAnyApiserverCall(String path, int status, String code, String message) throws Exception {
    scriptLog("web-a", "never read\n");

    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/" + path);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).contains(message);
    assertThat(body.get("requestId").asText()).isNotBlank();
    assertThat(logCalls).isEmpty();
    assertThat(logAudits()).isEmpty();
  }

  @Test
  void aMissingWorkloadIsA404AndItsAttemptIsAudited() throws Exception {
    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/resources/batch/v1/jobs/shop/ghost/logs");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("jobs ghost not found in namespace shop");
    assertThat(logAudits()).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
      assertThat(e.target().resource()).isEqualTo("jobs");
    });
  }
}
