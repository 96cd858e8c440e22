package io.periscope.karpenter;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins unschedulable pods with the {@code FailedScheduling} events about them. A pod counts once
 * its {@code PodScheduled} condition has said {@code Unschedulable} for longer than {@link #GRACE}
 * (the scheduler and Karpenter need a moment for every new pod). Karpenter's event is told from
 * the scheduler's by its source and its {@code "Failed to schedule pod, "} wording.
 */
final class PendingPods {
  /** How long a pod must have been unschedulable to be listed. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private PendingPods() {}

  private record Said(String message, Instant at) {}

  static List<PendingPod> join(JsonNode podList, JsonNode eventList, Clock clock) {
    Map<String, Said> karpenter = new HashMap<>();
    Map<String, Said> scheduler = new HashMap<>();
    for (JsonNode e : eventList.path("items")) {
      JsonNode io = e.path("involvedObject");
      if (!"FailedScheduling".equals(e.path("reason").asText()) || !"Pod".equals(io.path("kind").asText())) {
        continue;
      }
      String key = io.path("namespace").asText() + "/" + io.path("name").asText() + "/" + io.path("uid").asText("");
      Said said = new Said(e.path("message").asText(""), when(e));
      boolean fromKarpenter = "karpenter".equals(e.path("source").path("component").asText())
          || "karpenter".equals(e.path("reportingComponent").asText()) || SchedulingFailure.isKarpenterMessage(said.message());
      (fromKarpenter ? karpenter : scheduler).merge(key, said, (a, b) -> later(a, b));
    }
    Instant cutoff = clock.instant().minus(GRACE);
    List<PendingPod> out = new ArrayList<>();
    for (JsonNode pod : podList.path("items")) {
      Instant since = unschedulableSince(pod);
      if (since == null || since.isAfter(cutoff) || !"Pending".equals(pod.path("status").path("phase").asText())) {
        continue;
      }
      JsonNode m = pod.path("metadata");
      String key = m.path("namespace").asText() + "/" + m.path("name").asText() + "/";
      Said k = find(karpenter, key, m.path("uid").asText(""));
      Said s = find(scheduler, key, m.path("uid").asText(""));
      SchedulingFailure.Parsed parsed = k == null ? new SchedulingFailure.Parsed(List.of()) : SchedulingFailure.parse(k.message());
      out.add(new PendingPod(m.path("namespace").asText(), m.path("name").asText(), since,
          s != null ? s.message() : scheduledMessage(pod), parsed.verdicts(),
          k == null ? null : k.message(), k == null ? null : k.at()));
    }
    out.sort(Comparator.comparing(PendingPod::unschedulableSince).thenComparing(PendingPod::namespace).thenComparing(PendingPod::name));
    return out;
  }

  /** The event for this pod: the one naming its uid, or one naming no uid (some emitters leave it out). */
  private static Said find(Map<String, Said> events, String key, String uid) {
    Said exact = events.get(key + uid);
    return exact != null ? exact : events.get(key);
  }

  private static Said later(Said a, Said b) {
    if (a.at() == null) {
      return b;
    }
    return b.at() != null && b.at().isAfter(a.at()) ? b : a;
  }

  private static Instant unschedulableSince(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("PodScheduled".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())
          && "Unschedulable".equals(c.path("reason").asText())) {
        return parse(c.path("lastTransitionTime").asText(""));
      }
    }
    return null;
  }

  private static String scheduledMessage(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("PodScheduled".equals(c.path("type").asText())) {
        return c.path("message").asText(null);
      }
    }
    return null;
  }

  /** When an event last happened: series, lastTimestamp, eventTime, then creation. */
  private static Instant when(JsonNode e) {
    for (String t : List.of(e.path("series").path("lastObservedTime").asText(""), e.path("lastTimestamp").asText(""),
        e.path("eventTime").asText(""), e.path("metadata").path("creationTimestamp").asText(""))) {
      Instant i = parse(t);
      if (i != null) {
        return i;
      }
    }
    return null;
  }

  private static Instant parse(String text) {
    if (text == null || text.isEmpty() || text.equals("null")) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
