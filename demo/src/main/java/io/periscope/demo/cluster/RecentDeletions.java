package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last deletions the demo apiserver made, each with the resourceVersion of the deletion, so that a watch opened from
 * an older list is told of them. The CRUD mock opens every watch by sending ADDED for what is stored now, whatever
 * version it was asked to start from: a change made between a client's list and its watch still arrives (as an ADDED
 * with a newer version), but a deletion does not, and the console kept a deleted pod beside its replacement until
 * reloaded. An apiserver replays every event after the version asked; the demo replays the deletions, which is what
 * the CRUD mock's start leaves out.
 */
final class RecentDeletions {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Enough for the seconds between a list and its watch, on a demo that deletes a few objects a minute. */
  static final int KEPT = 512;

  private record Deletion(AttributeSet key, long version, String namespace, String name, String json) {}

  private final ArrayDeque<Deletion> kept = new ArrayDeque<>();

  /** Records the deletion of the object stored under {@code key} as {@code json}, at {@code version}. */
  synchronized void deleted(AttributeSet key, long version, String json) {
    JsonNode meta;
    try {
      meta = JSON.readTree(json).path("metadata");
    } catch (IOException e) {
      return; // not JSON the store could have kept: nothing to replay
    }
    kept.addLast(new Deletion(key, version, meta.path("namespace").asText(""), meta.path("name").asText(""), json));
    while (kept.size() > KEPT) {
      kept.removeFirst();
    }
  }

  /**
   * The watch events ({@code {"type":"DELETED","object":...}}) for the deletions after {@code sinceVersion} that a watch
   * of {@code watched} would have seen, oldest first. An object stored again under the same name since (a StatefulSet's
   * pod) is left out: the watch's ADDED for it replaces the deleted one, and its DELETED could arrive after that ADDED.
   *
   * @param stored what the store holds now
   */
  synchronized List<String> since(long sinceVersion, AttributeSet watched, Map<AttributeSet, String> stored) {
    List<Deletion> missed = kept.stream().filter(d -> d.version() > sinceVersion && d.key().matches(watched)).toList();
    if (missed.isEmpty()) {
      return List.of();
    }
    Set<String> present = stored.entrySet().stream().filter(e -> e.getKey().matches(watched))
        .map(e -> namespacedName(e.getValue())).collect(Collectors.toSet());
    return missed.stream()
        .filter(d -> !present.contains(d.namespace() + "/" + d.name()))
        .map(d -> "{\"type\":\"DELETED\",\"object\":" + d.json() + "}")
        .toList();
  }

  private static String namespacedName(String json) {
    try {
      JsonNode meta = JSON.readTree(json).path("metadata");
      return meta.path("namespace").asText("") + "/" + meta.path("name").asText("");
    } catch (IOException e) {
      return "";
    }
  }
}
