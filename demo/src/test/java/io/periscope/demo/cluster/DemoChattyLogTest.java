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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production cluster's chatty pod (Loki's gateway): its log already holds thousands of access lines over more than
 * one day when the demo starts, stamped by the demo's clock (a clock years away gives a log years away), read alike
 * twice, cut by {@code tailLines} and {@code sinceSeconds}, and it keeps getting lines while followed.
 */
class DemoChattyLogTest {
  private static final Instant NOW = Instant.parse("2031-03-04T10:00:00Z");
  private static final String ACCESS = "^\\d+\\.\\d+\\.\\d+\\.\\d+ - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] \"[A-Z]+ \\S+ HTTP/1\\.1\" \\d{3} \\d+ .*";
  private static DemoCluster cluster;
  private static KubernetesClient client;
  private static Pod pod;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(50));
    client = DemoClusterClients.of(cluster);
    pod = client.pods().inNamespace("monitoring").withLabel("app.kubernetes.io/name", ChattyAccessLog.APP).list().getItems().getFirst();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void itsLogHoldsThousandsOfLinesOverMoreThanADayUpToTheDemosNow() throws Exception {
    List<String> lines = read("timestamps=true");

    assertThat(lines.size()).isGreaterThan(5_000);
    List<Instant> stamps = lines.stream().map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
    assertThat(stamps).isSorted();
    assertThat(stamps.getLast()).isBeforeOrEqualTo(NOW).isAfter(NOW.minus(ChattyAccessLog.EVERY.multipliedBy(2)));
    assertThat(Duration.between(stamps.getFirst(), stamps.getLast())).isGreaterThan(Duration.ofDays(1));
    assertThat(stamps.getFirst().atZone(ZoneOffset.UTC).toLocalDate()).isBefore(stamps.getLast().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1));
    List<String> texts = lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    assertThat(texts).allSatisfy(t -> assertThat(t).satisfiesAnyOf(a -> assertThat(a).matches(ACCESS), e -> assertThat(e).contains("[error]")));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("\" 502 "));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("connect() failed (111: Connection refused) while connecting to upstream"));
    assertThat(read("timestamps=true")).as("the same lines at the same times on the next read").isEqualTo(lines);
  }

  @Test
  void itBeginsWhenItsContainerStartedAndHasALineAboutEvery25Seconds() throws Exception {
    List<String> lines = read("timestamps=true");
    Instant started = Instant.parse(pod.getStatus().getContainerStatuses().getFirst().getState().getRunning().getStartedAt());
    Instant first = Instant.parse(lines.getFirst().substring(0, lines.getFirst().indexOf(' ')));

    assertThat(first).isBetween(started, started.plus(ChattyAccessLog.EVERY));
    long expected = Duration.between(started, NOW).dividedBy(ChattyAccessLog.EVERY);
    assertThat((long) lines.size()).isBetween(expected, expected + 1);
  }

  @Test
  void tailLinesAndSinceSecondsCutIt() throws Exception {
    List<String> all = read("timestamps=true");

    assertThat(read("timestamps=true&tailLines=200")).isEqualTo(all.subList(all.size() - 200, all.size()));
    List<String> lastHour = read("timestamps=true&sinceSeconds=3600");
    assertThat(lastHour.size()).isBetween(3600 / 25 - 2, 3600 / 25 + 2);
    assertThat(lastHour).allSatisfy(l -> assertThat(Instant.parse(l.substring(0, l.indexOf(' ')))).isAfterOrEqualTo(NOW.minusSeconds(3600)));
    assertThat(read("tailLines=1").getFirst()).as("without timestamps, the container's own words").matches(ACCESS);
  }

  @Test
  void itKeepsGettingLinesWhileFollowed() throws Exception {
    HttpResponse<InputStream> r = open("follow=true&tailLines=5&timestamps=true");
    assertThat(r.code()).isEqualTo(200);
    try (BufferedReader log = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        seen.add(withTimeout(log));
      }
      assertThat(seen.subList(5, 8)).as("lines after the log's end so far").allSatisfy(l -> {
        assertThat(l).startsWith(NOW + " ");
        assertThat(l.substring(l.indexOf(' ') + 1)).satisfiesAnyOf(a -> assertThat(a).matches(ACCESS), e -> assertThat(e).contains("[error]"));
      });
    }
  }

  private static List<String> read(String query) throws Exception {
    HttpResponse<InputStream> r = open(query);
    try (InputStream body = r.body()) {
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(r.code()).as(text).isEqualTo(200);
      return text.lines().toList();
    }
  }

  private static HttpResponse<InputStream> open(String query) throws Exception {
    var http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(client.getMasterUrl() + "api/v1/namespaces/monitoring/pods/"
        + pod.getMetadata().getName() + "/log?" + query).build();
    return http.sendAsync(request, InputStream.class).get(10, TimeUnit.SECONDS);
  }

  /** The next line; a read that blocks past 10 s fails the test instead of hanging it. */
  private static String withTimeout(BufferedReader log) throws Exception {
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return log.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(10, TimeUnit.SECONDS);
    assertThat(line).as("a line, not the end of the log").isNotNull();
    return line;
  }
}
