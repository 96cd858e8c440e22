package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A followed pod log, read the way the console's server reads it (a GET of {@code pods/log} with
 * {@code follow=true} through the client's HTTP client): it stays open while the container runs and
 * keeps getting lines; it ends when the pod goes, at once for a container that is not running, and its
 * timer stops when the reader goes away.
 */
class DemoFollowedLogTest {
  private static final int QUIET_LINES = 18; // what the demo's log of a running service holds before following
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC(), Duration.ofMillis(50));
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void aRunningContainersFollowedLogStaysOpenWithNewLinesAndEndsWhenThePodGoes() throws Exception {
    Pod pod = running("payments-api");
    try (BufferedReader log = follow(pod, "follow=true&timestamps=true")) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < QUIET_LINES + 3; i++) {
        seen.add(line(log));
      }
      assertThat(seen.getFirst()).contains("starting payments-api");
      assertThat(seen.subList(QUIET_LINES, seen.size())).as("lines after the log's end so far: the stream is still open")
          .allSatisfy(l -> assertThat(l).matches("^\\d{4}-\\d\\d-\\d\\dT\\S+Z level=info method=GET path=\\S+ status=\\d+ .*"));

      client.pods().inNamespace("payments").withName(pod.getMetadata().getName()).withGracePeriod(0).delete();

      readToTheEnd(log); // the log ends once the pod is gone (a stream left open fails the read's time-out)
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.followedLogs() == 0);
  }

  @Test
  void aReaderThatGoesAwayStopsTheStreamsTimer() throws Exception {
    Pod pod = running("payments-api");
    try (BufferedReader log = follow(pod, "follow=true&tailLines=1")) {
      line(log);
      assertThat(line(log)).contains("method=GET");
      assertThat(cluster.followedLogs()).isEqualTo(1);
    }

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.followedLogs() == 0);
  }

  /** A bare {@code ?follow}, as the apiserver reads a boolean (present and not 0 or false), follows too. */
  @Test
  void aBareFollowFollows() throws Exception {
    Pod pod = running("payments-api");
    try (BufferedReader log = follow(pod, "follow&tailLines=1")) {
      line(log);
      assertThat(line(log)).as("a line after the log's end so far: the stream is still open").contains("method=GET");
      assertThat(cluster.followedLogs()).isEqualTo(1);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.followedLogs() == 0);
  }

  @Test
  void aContainerThatIsNotRunningEndsAfterItsLines() throws Exception {
    Pod crashing = client.pods().inNamespace("payments").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("ledger-worker-"))
        .filter(p -> p.getStatus().getContainerStatuses().getFirst().getState().getRunning() == null).findFirst().orElseThrow();
    try (BufferedReader log = follow(crashing, "follow=true")) {
      List<String> lines = new ArrayList<>();
      String l;
      while ((l = withTimeout(log)) != null) {
        lines.add(l);
      }
      assertThat(lines).anySatisfy(x -> assertThat(x).startsWith("panic: dial tcp")).noneSatisfy(x -> assertThat(x).contains("method=GET"));
    }
  }

  @Test
  void aPodsInitContainerLogsAsItselfAndItsLogEndsBecauseItCompletedWhileItsSidecarKeepsFollowing() throws Exception {
    Pod cni = running("aws-node");
    assertThat(cni.getStatus().getInitContainerStatuses()).singleElement()
        .satisfies(s -> assertThat(s.getState().getTerminated().getReason()).isEqualTo("Completed"));
    try (BufferedReader log = follow(cni, "follow=true&container=aws-vpc-cni-init")) {
      List<String> lines = new ArrayList<>();
      String l;
      while ((l = withTimeout(log)) != null) {
        lines.add(l);
      }
      assertThat(lines).hasSize(QUIET_LINES).first().asString().contains("starting aws-vpc-cni-init");
    }
    try (BufferedReader log = follow(cni, "follow=true&container=aws-eks-nodeagent")) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < QUIET_LINES + 1; i++) {
        seen.add(line(log));
      }
      assertThat(seen.getFirst()).contains("starting aws-eks-nodeagent");
      assertThat(seen.getLast()).as("a line after the log's end so far: the stream is still open").contains("method=GET");
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.followedLogs() == 0);
  }

  @Test
  void aRefusedFollowIsTheKubeletsAnswer() throws Exception {
    Pod unscheduled = client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
    HttpResponse<InputStream> r = open(unscheduled, "follow=true");

    try (InputStream body = r.body()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("does not have a host assigned");
    }
    assertThat(cluster.followedLogs()).isZero();
  }

  @Test
  void limitBytesCutsTheSelectedLinesAsTheApiserverDoesAndRefusesANonPositiveLimit() throws Exception {
    Pod pod = running("payments-api");
    byte[] five = bytes(open(pod, "tailLines=5&timestamps=true"));
    assertThat(five.length).isGreaterThan(100);

    assertThat(bytes(open(pod, "tailLines=5&timestamps=true&limitBytes=100"))).as("the first 100 bytes, mid-line")
        .isEqualTo(java.util.Arrays.copyOf(five, 100));
    assertThat(bytes(open(pod, "tailLines=5&timestamps=true&limitBytes=100000"))).isEqualTo(five);
    HttpResponse<InputStream> zero = open(pod, "limitBytes=0");
    assertThat(zero.code()).isEqualTo(422);
    assertThat(new String(bytes(zero), StandardCharsets.UTF_8)).contains("limitBytes: Invalid value: 0: must be greater than 0");
  }

  @Test
  void aFollowedLogEndsOnceItHasSentLimitBytes() throws Exception {
    Pod pod = running("payments-api");
    byte[] sofar = bytes(open(pod, "tailLines=2"));

    HttpResponse<InputStream> followed = open(pod, "follow=true&tailLines=2&limitBytes=" + (sofar.length + 30));

    assertThat(followed.code()).isEqualTo(200);
    byte[] all = bytes(followed); // fails with the read's time-out if the stream stays open
    assertThat(all).hasSize(sofar.length + 30).startsWith(sofar);
    assertThat(new String(all, StandardCharsets.UTF_8).substring(sofar.length)).as("part of the next line").startsWith("level=info method=GET");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.followedLogs() == 0);
  }

  /** The whole body; a stream that stays open past 10 s fails the test instead of hanging it. */
  private static byte[] bytes(HttpResponse<InputStream> r) throws Exception {
    try (InputStream body = r.body()) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return body.readAllBytes();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(10, TimeUnit.SECONDS);
    }
  }

  private static Pod running(String app) {
    return client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith(app + "-") && p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus().getContainerStatuses().getFirst().getState().getRunning() != null).findFirst().orElseThrow();
  }

  private static HttpResponse<InputStream> open(Pod pod, String query) throws Exception {
    var http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(client.getMasterUrl() + "api/v1/namespaces/" + pod.getMetadata().getNamespace()
        + "/pods/" + pod.getMetadata().getName() + "/log?" + query).build();
    return http.sendAsync(request, InputStream.class).get(10, TimeUnit.SECONDS);
  }

  private static BufferedReader follow(Pod pod, String query) throws Exception {
    HttpResponse<InputStream> r = open(pod, query);
    assertThat(r.code()).isEqualTo(200);
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  private static String line(BufferedReader log) throws Exception {
    String l = withTimeout(log);
    assertThat(l).as("a line, not the end of the log").isNotNull();
    return l;
  }

  /** Reads to the end of the log; a log that stays open fails with the read's time-out. */
  private static void readToTheEnd(BufferedReader log) throws Exception {
    while (withTimeout(log) != null) {
      // lines written before the pod went
    }
  }

  /** The next line, or null at the end; a read that blocks past 10 s fails the test instead of hanging it. */
  private static String withTimeout(BufferedReader log) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return log.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(10, TimeUnit.SECONDS);
  }
}
