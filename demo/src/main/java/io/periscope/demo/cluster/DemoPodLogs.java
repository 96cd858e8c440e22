package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log} with a few believable lines per app,
 * honouring {@code tailLines}, {@code timestamps}, {@code limitBytes} and {@code previous} (only the crash-looping
 * apps' pods have a previous instance, ending in a panic); a container that never started (a pod
 * not scheduled, an image that cannot be pulled) is refused as a kubelet refuses it. The mock apiserver can only send a
 * whole body: a followed log is kept open by {@link DemoApiFront}, which sends these lines and then one
 * {@link #followed} line at a time while the container runs. The production cluster's Loki gateway is the one chatty
 * pod: its log is an nginx access log of thousands of lines since its container started ({@link ChattyAccessLog}),
 * which also honours {@code sinceSeconds} and {@code sinceTime}.
 */
final class DemoPodLogs {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final List<String> crashing;

  DemoPodLogs(Clock clock, DemoEstate estate) {
    this.clock = clock;
    this.crashing = estate.apps().stream().filter(a -> a.trouble().kind() == DemoEstate.Trouble.Kind.CRASH_LOOP).map(DemoEstate.App::name).toList();
  }

  MockResponse answer(Matcher path, String query, Function<RecordedRequest, MockResponse> crud) {
    String pod = path.group(2);
    Map<String, String> q = DemoLists.query(query);
    LogLimit limit = LogLimit.of(pod, q);
    if (limit.refusal().isPresent()) {
      return limit.refusal().get(); // the apiserver validates the options before it asks the kubelet
    }
    if (q.containsKey("tailLines") && !q.get("tailLines").matches("-?\\d{1,9}")) {
      // A bare ?tailLines is read as an empty number, which the apiserver's decoding refuses as it does any other.
      return status(400, "BadRequest", "tailLines: invalid value \"" + q.get("tailLines") + "\": not an integer");
    }
    boolean previous = DemoLists.flag(q, "previous");
    JsonNode p;
    try {
      p = readPod(path.group(1), pod, crud);
    } catch (NotServed refused) {
      return refused.response;
    }
    String container = q.get("container") != null ? q.get("container") : p.path("spec").path("containers").path(0).path("name").asText();
    if (!previous) {
      Optional<MockResponse> refused = notStarted(p, pod, container);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    // Only a container that has crashed before has a previous instance; its latest instance crashed too.
    boolean crashed = crashing.contains(appOf(pod)) && crashedBefore(p, container);
    if (previous && !crashed) {
      return status(400, "BadRequest", "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
    }
    // A pod's other containers (an init container, a sidecar) log as themselves, not as the app.
    String appContainer = p.path("spec").path("containers").path(0).path("name").asText();
    if (!previous && chatty(pod, container, appContainer)) {
      return chatty(p, pod, container, q, limit.bytes());
    }
    List<String> all = crashed ? crashLines(appOf(pod)) : lines(container.equals(appContainer) ? appOf(pod) : container, pod);
    // A line keeps its time from one read to the next, as a kubelet's do (a wider window finds the line being read).
    // Each replica logs its own requests a little apart, so a workload's merged log interleaves them.
    Instant first = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(all.size() * 7L)
        .plusMillis(Math.floorMod(pod.hashCode(), 7000));
    List<String> lines = all;
    if (q.containsKey("tailLines")) {
      int tail = Integer.parseInt(q.get("tailLines"));
      lines = all.subList(Math.max(0, all.size() - tail), all.size());
    }
    boolean timestamps = DemoLists.flag(q, "timestamps");
    Instant start = first.plusSeconds((all.size() - lines.size()) * 7L);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (timestamps) {
        body.append(start.plusSeconds(i * 7L)).append(' ');
      }
      body.append(lines.get(i)).append('\n');
    }
    return text(body, limit.bytes());
  }

  /** A log's answer: the selected lines, cut to their first {@code limit} bytes (mid-line too, as a kubelet cuts). */
  private static MockResponse text(CharSequence body, long limit) {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limit) {
      bytes = java.util.Arrays.copyOf(bytes, (int) limit);
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(bytes);
  }

  /** The bytes a log request may have ({@code limitBytes}; every byte when it asks no limit, or one the apiserver refuses). */
  static long limitBytes(String query) {
    return LogLimit.of("", DemoLists.query(query)).bytes();
  }

  /**
   * A log request's {@code limitBytes}, read once: the bytes it may have ({@code Long.MAX_VALUE} when it asks no limit),
   * or the apiserver's refusal of one that is no number (400) or below 1 (422, its validation's words).
   */
  record LogLimit(long bytes, Optional<MockResponse> refusal) {
    static LogLimit of(String pod, Map<String, String> q) {
      String asked = q.get("limitBytes");
      if (asked == null) {
        return new LogLimit(Long.MAX_VALUE, Optional.empty());
      }
      long limit;
      try {
        limit = Long.parseLong(asked);
      } catch (NumberFormatException e) {
        return new LogLimit(Long.MAX_VALUE, Optional.of(status(400, "BadRequest", "limitBytes: invalid value \"" + asked + "\": not an integer")));
      }
      return limit >= 1 ? new LogLimit(limit, Optional.empty()) : new LogLimit(Long.MAX_VALUE, Optional.of(status(422, "Invalid",
          "PodLogOptions \"" + pod + "\" is invalid: limitBytes: Invalid value: " + limit + ": must be greater than 0")));
    }
  }

  /**
   * Whether a log request follows the log: {@code follow} set (a bare {@code ?follow} too, as the apiserver reads a
   * boolean: {@link DemoLists#flag}), not of a previous instance (which has ended).
   */
  static boolean follows(String query) {
    Map<String, String> q = DemoLists.query(query);
    return DemoLists.flag(q, "follow") && !DemoLists.flag(q, "previous");
  }

  /**
   * The next line of a followed log (the {@code n}th since it opened), stamped now when the request asked for
   * timestamps; empty once the pod is gone or its container no longer runs, when a kubelet ends the stream.
   */
  Optional<String> followed(Matcher path, String query, long n, Function<RecordedRequest, MockResponse> crud) {
    String pod = path.group(2);
    Map<String, String> q = DemoLists.query(query);
    JsonNode p;
    try {
      p = readPod(path.group(1), pod, crud);
    } catch (NotServed gone) {
      return Optional.empty();
    }
    String container = q.get("container") != null ? q.get("container") : p.path("spec").path("containers").path(0).path("name").asText();
    if (!p.path("metadata").path("deletionTimestamp").isMissingNode() || !running(p, container)) {
      return Optional.empty();
    }
    if (chatty(pod, container, p.path("spec").path("containers").path(0).path("name").asText())) {
      Instant now = clock.instant();
      return Optional.of((DemoLists.flag(q, "timestamps") ? now + " " : "") + accessLog(p, pod, container).followed(n, now) + "\n");
    }
    int seed = Math.floorMod(pod.hashCode(), 9973);
    String[] paths = {"/api/v1/orders", "/healthz", "/api/v1/payments", "/metrics", "/api/v1/orders/8812"};
    String line = "level=info method=GET path=" + paths[(int) ((n + seed) % paths.length)] + " status=" + (n % 23 == 22 ? 503 : 200)
        + " duration_ms=" + (3 + (n * 37 + seed) % 180) + " request_id=" + Long.toHexString(0x7eed00 + n * 7919 + seed * 131L);
    return Optional.of((DemoLists.flag(q, "timestamps") ? clock.instant() + " " : "") + line + "\n");
  }

  /** Whether {@code container} is the app container of a chatty pod ({@link ChattyAccessLog}); its sidecars log as themselves. */
  private static boolean chatty(String pod, String container, String appContainer) {
    return container.equals(appContainer) && appOf(pod).equals(ChattyAccessLog.APP);
  }

  /**
   * The chatty pod's log ({@link ChattyAccessLog}), honouring {@code tailLines}, {@code sinceSeconds}, {@code sinceTime},
   * {@code timestamps} and {@code limitBytes}.
   */
  private MockResponse chatty(JsonNode p, String pod, String container, Map<String, String> q, long limit) {
    Instant now = clock.instant();
    Instant since = null;
    try {
      if (q.containsKey("sinceSeconds")) {
        since = now.minusSeconds(Long.parseLong(q.get("sinceSeconds")));
      } else if (q.containsKey("sinceTime")) {
        since = Instant.parse(q.get("sinceTime"));
      }
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      return status(400, "BadRequest", "invalid log options: " + e.getMessage());
    }
    int tail = q.containsKey("tailLines") ? Integer.parseInt(q.get("tailLines")) : -1;
    boolean timestamps = DemoLists.flag(q, "timestamps");
    StringBuilder body = new StringBuilder();
    for (ChattyAccessLog.Line line : accessLog(p, pod, container).lines(now, since, tail)) {
      if (timestamps) {
        body.append(line.at()).append(' ');
      }
      body.append(line.text()).append('\n');
    }
    return text(body, limit);
  }

  /** The chatty pod's log, from when its container started (the pod's start when the status does not say). */
  private static ChattyAccessLog accessLog(JsonNode p, String pod, String container) {
    String started = p.path("status").path("startTime").asText(null);
    for (JsonNode s : p.path("status").path("containerStatuses")) {
      if (s.path("name").asText().equals(container) && s.path("state").path("running").has("startedAt")) {
        started = s.path("state").path("running").path("startedAt").asText();
      }
    }
    return new ChattyAccessLog(pod, started == null ? Instant.EPOCH : Instant.parse(started));
  }

  private static boolean running(JsonNode p, String name) {
    for (JsonNode s : p.path("status").path("containerStatuses")) {
      if (s.path("name").asText().equals(name)) {
        return !s.path("state").path("running").isMissingNode();
      }
    }
    return false;
  }

  /**
   * What a kubelet answers for a container that never ran: a pod not scheduled has no host to ask, a
   * container still waiting (its image cannot be pulled) has no log yet.
   */
  /** A pod whose log cannot be served at all: the answer to give instead. */
  private static final class NotServed extends Exception {
    final transient MockResponse response;

    NotServed(MockResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  private static JsonNode readPod(String namespace, String pod, Function<RecordedRequest, MockResponse> crud) throws NotServed {
    MockResponse found = crud.apply(StoreCalls.request(HttpMethod.GET, "/api/v1/namespaces/" + namespace + "/pods/" + pod, null));
    if (found.code() != 200) {
      throw new NotServed(status(404, "NotFound", "pods \"" + pod + "\" not found"));
    }
    try {
      return JSON.readTree(found.getBody().readUtf8());
    } catch (IOException e) {
      throw new NotServed(status(500, "InternalError", "reading pod " + pod + " failed: " + e.getMessage()));
    }
  }

  /** Whether the container has a terminated instance before the current one (a crash loop's restarts). */
  private static boolean crashedBefore(JsonNode p, String name) {
    for (JsonNode s : p.path("status").path("containerStatuses")) {
      if (s.path("name").asText().equals(name)) {
        return !s.path("lastState").path("terminated").isMissingNode();
      }
    }
    return false;
  }

  private static Optional<MockResponse> notStarted(JsonNode p, String pod, String name) {
    if (p.path("spec").path("nodeName").asText("").isEmpty()) {
      return Optional.of(status(400, "BadRequest", "pod " + pod + " does not have a host assigned"));
    }
    for (JsonNode s : p.path("status").path("containerStatuses")) {
      JsonNode waiting = s.path("state").path("waiting");
      if (s.path("name").asText().equals(name) && !waiting.isMissingNode() && s.path("lastState").path("terminated").isMissingNode()) {
        String reason = waiting.path("reason").asText("ContainerCreating");
        String why = reason.equals("ImagePullBackOff") || reason.equals("ErrImagePull") ? "trying and failing to pull image" : reason;
        return Optional.of(status(400, "BadRequest", "container \"" + name + "\" in pod \"" + pod + "\" is waiting to start: " + why));
      }
    }
    return Optional.empty();
  }

  /** Pod names are {@code <app>-<replicaset hash>-<suffix>}. */
  private static String appOf(String pod) {
    String[] parts = pod.split("-");
    return parts.length > 2 ? String.join("-", java.util.Arrays.copyOf(parts, parts.length - 2)) : pod;
  }

  private static List<String> lines(String app, String pod) {
    int seed = Math.floorMod(pod.hashCode(), 9973);
    List<String> out = new ArrayList<>();
    out.add("level=info msg=\"starting " + app + "\" version=" + version(app) + " pid=1");
    // Compact JSON, as many services log their settings: one long word that a log view must wrap or scroll.
    out.add("level=info msg=\"configuration loaded\" source=/etc/" + app + "/config.yaml flags="
        + "{\"checkout.v2\":true,\"payments.retry\":{\"max\":5,\"backoff_ms\":[100,200,400,800,1600]},\"search.rank\":\"bm25\","
        + "\"cache\":{\"ttl_s\":300,\"size_mb\":512,\"regions\":[\"eu-west-1\",\"eu-central-1\",\"us-east-1\"]},"
        + "\"tracing\":{\"sample\":0.05,\"endpoint\":\"otel-collector.observability.svc.cluster.local:4317\"},\"dark_launch\":[\"new-cart\",\"fast-refunds\"]}");
    // A base64 stream cursor: a word with no place a browser may break it.
    out.add("level=info msg=\"listening\" addr=0.0.0.0:8080 resume_cursor="
        + "eyJzdHJlYW0iOiJvcmRlcnMiLCJzaGFyZCI6Nywib2Zmc2V0Ijo5MTgyNzM2NDUsInRzIjoiMjAyNi0xMi0wN1QwNjowMDowMFoiLCJjb25zdW1lciI6InBh"
        + "eW1lbnRzLWFwaSIsImVwb2NoIjo0MiwiZmlsdGVyIjp7InN0YXR1cyI6WyJQRU5ESU5HIiwiQVVUSE9SSVpFRCJdLCJyZWdpb24iOiJ1cy1lYXN0LTEifX0");
    String[] paths = {"/healthz", "/api/v1/orders", "/api/v1/orders/8812", "/metrics", "/api/v1/payments"};
    for (int i = 0; i < 14; i++) {
      int status = i % 9 == 8 ? 503 : 200;
      out.add("level=info method=GET path=" + paths[(i + seed) % paths.length] + " status=" + status + " duration_ms="
          + (3 + (i * 37 + seed) % 180) + " request_id=" + Integer.toHexString(0x5eed00 + i * 7919 + seed * 131));
    }
    out.add("level=warn msg=\"slow upstream\" upstream=postgres latency_ms=812");
    return out;
  }

  /** The version an app's log says it runs: the same in every instance's log. */
  private static String version(String app) {
    return (app.hashCode() & 7) + ".4.1";
  }

  private static List<String> crashLines(String app) {
    if (app.equals("plc-gateway")) {
      return List.of(
          "level=info msg=\"starting plc-gateway\" version=3.2.1",
          "level=info msg=\"polling PLCs\" targets=12 interval=250ms",
          "level=error msg=\"modbus read failed\" plc=line-3-press unit=1 err=\"i/o timeout\"",
          "panic: modbus: dial tcp 192.168.41.23:502: i/o timeout",
          "",
          "goroutine 7 [running]:",
          "main.poll()",
          "\t/src/cmd/gateway/poll.go:91 +0x2b4");
    }
    return List.of(
        "level=info msg=\"starting " + app + "\" version=" + version(app),
        "level=info msg=\"connecting to queue\" url=amqp://rabbitmq.payments:5672",
        "level=error msg=\"queue connection refused\" attempt=3",
        "panic: dial tcp 10.96.12.4:5672: connect: connection refused",
        "",
        "goroutine 1 [running]:",
        "main.main()",
        "\t/src/cmd/worker/main.go:48 +0x1c5");
  }

  static MockResponse status(int code, String reason, String message) {
    String json = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(json);
  }
}
