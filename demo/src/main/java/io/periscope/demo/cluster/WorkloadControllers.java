package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place the demo's controllers run after a person's write to a Deployment, StatefulSet, ReplicaSet or DaemonSet,
 * whichever way it came: a create (a POST to the collection: the console's "create object", {@code kubectl create}),
 * the {@code scale} subresource ({@link DemoScale}), a PUT, a merge, strategic merge or JSON patch, or a server-side
 * apply ({@link DemoServerSideApply}). Like a real controller it looks at the stored object,
 * not at the request, so every path converges alike: a Deployment rolls out a new template, rolls back or scales ({@link DemoRollouts#afterPatch}),
 * a StatefulSet's pods follow by ordinal ({@link DemoStatefulSets}), a DaemonSet's node by node ({@link DemoDaemonSets}),
 * a ReplicaSet's pods follow its count
 * ({@link DemoReplicaSets#scale}); a ReplicaSet a Deployment controls is put back by that Deployment (the current
 * one to the Deployment's count, an older one to none), as the Deployment controller does on a real cluster. The same
 * controllers follow the deletion or eviction of a pod they control ({@link #losingPods}): each finds a pod missing and
 * starts one, as its real counterpart does.
 */
final class WorkloadControllers {
  /** A workload object's own path (not a subresource): the writes the controllers follow. */
  static final Pattern PATH = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets|replicasets|daemonsets)/([^/]+)$");

  private WorkloadControllers() {}

  /** A workload collection: a POST there creates one. */
  private static final Pattern COLLECTION = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets|replicasets|daemonsets)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A stored write of a workload the controllers follow. {@code name} is null for a create: only the apiserver's
   * answer names the object (a {@code generateName} is filled in there).
   */
  record Followed(String namespace, String plural, String name) {}

  /** The write {@code request} makes when it writes a workload and is stored (not a dry run); null for any other request. */
  static Followed followed(RecordedRequest request, String path, String query) {
    if (query.contains("dryRun=")) {
      return null;
    }
    String method = request.getMethod();
    Matcher m;
    if (("PUT".equals(method) || "PATCH".equals(method)) && (m = PATH.matcher(path)).matches()) {
      return new Followed(m.group(1), m.group(2), m.group(3));
    }
    if ("POST".equals(method) && (m = COLLECTION.matcher(path)).matches()) {
      return new Followed(m.group(1), m.group(2), null);
    }
    return null;
  }

  /** A pods collection: a DELETE there is a deletecollection ({@code kubectl delete pods -l ...}). */
  private static final Pattern PODS = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods$");

  /**
   * The controllers whose pods {@code request} deletes or evicts, read before they go: the console's Delete and {@code
   * kubectl delete pod} (a DELETE on the pod), a drain's eviction, {@code kubectl delete pods -l ...} (a DELETE on the
   * collection, every pod its labelSelector takes). Each is a ReplicaSet, StatefulSet or DaemonSet controlling one of
   * them, once however many of its pods go; empty for any other request and for a dry run. Once the request succeeds
   * each controller runs ({@link #afterWrite}) and, looking at the store as it always does, finds a pod missing: the
   * ReplicaSet's fill starts one under a new name (a terminating pod no longer counts), while the StatefulSet (the same
   * name) and the DaemonSet (the same node) find the terminating pod still there and wait; they run again once it is
   * gone ({@link PodDeletion}). A controller that already has its pods back (an eviction's or a lost node's
   * replacement, {@link EvictedPodReplacement}) finds nothing to do.
   */
  static List<Followed> losingPods(RecordedRequest request, String path, String query, Function<RecordedRequest, MockResponse> crud) {
    if (query.contains("dryRun=")) {
      return List.of();
    }
    Matcher m;
    if ("DELETE".equals(request.getMethod()) && (m = PODS.matcher(path)).matches()) {
      // Every pod the selector takes (a field selector, if any, only narrows what goes: running more controllers is harmless).
      String selector = DemoLists.query(query).get("labelSelector");
      String list = "/api/v1/namespaces/" + m.group(1) + "/pods"
          + (selector == null || selector.isEmpty() ? "" : "?labelSelector=" + java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8));
      JsonNode pods = StoreCalls.get(crud, list).map(l -> l.path("items")).orElse(JSON.createArrayNode());
      return controllersOf(m.group(1), pods);
    }
    if ("DELETE".equals(request.getMethod())) {
      m = PodsOnLostNodes.PATH.matcher(path);
    } else if ("POST".equals(request.getMethod())) {
      m = DemoEviction.PATH.matcher(path);
    } else {
      return List.of();
    }
    if (!m.matches()) {
      return List.of();
    }
    String namespace = m.group(1);
    return StoreCalls.get(crud, "/api/v1/namespaces/" + namespace + "/pods/" + m.group(2))
        .map(pod -> controllersOf(namespace, List.of(pod))).orElse(List.of());
  }

  /** The ReplicaSets, StatefulSets and DaemonSets controlling {@code pods}, each once, in the order first met. */
  static List<Followed> controllersOf(String namespace, Iterable<JsonNode> pods) {
    java.util.LinkedHashSet<Followed> owners = new java.util.LinkedHashSet<>();
    for (JsonNode pod : pods) {
      for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
        String plural = switch (owner.path("kind").asText()) {
          case "ReplicaSet" -> "replicasets";
          case "StatefulSet" -> "statefulsets";
          case "DaemonSet" -> "daemonsets";
          default -> null;
        };
        if (owner.path("controller").asBoolean(false) && plural != null) {
          owners.add(new Followed(namespace, plural, owner.path("name").asText()));
        }
      }
    }
    return List.copyOf(owners);
  }

  /** Runs the workload's controller after {@code write} was stored with {@code answer} (a 2xx). */
  static void afterWrite(Followed write, MockResponse answer, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String name = write.name();
    if (name == null) {
      try {
        // getBytes leaves the answer's body for the client.
        name = JSON.readTree(answer.getBody().getBytes()).path("metadata").path("name").asText("");
      } catch (IOException e) {
        return; // stored, but not as JSON the controller can read: nothing to follow
      }
    }
    if (!name.isEmpty()) {
      afterWrite(write.namespace(), write.plural(), name, crud, now);
    }
  }

  /** Runs the workload's controller after a successful write of {@code namespace/plural/name}. */
  static void afterWrite(String namespace, String plural, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    switch (plural) {
      case "deployments" -> DemoRollouts.afterPatch(namespace, name, crud, now);
      case "statefulsets" -> DemoStatefulSets.afterScale(namespace, name, crud, now);
      case "replicasets" -> afterReplicaSetWrite(namespace, name, crud, now);
      case "daemonsets" -> DemoDaemonSets.afterWrite(namespace, name, crud, now);
      default -> throw new IllegalArgumentException("no demo controller follows " + plural);
    }
  }

  private static void afterReplicaSetWrite(String namespace, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String path = "/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + name;
    try {
      ObjectNode rs = (ObjectNode) StoreCalls.read(crud, path);
      JsonNode owner = controllingDeployment(rs);
      if (owner == null) {
        DemoReplicaSets.scale(rs, rs.path("spec").path("replicas").asInt(1), crud, now);
        return;
      }
      String deployment = owner.path("name").asText();
      // The Deployment's turn: its current ReplicaSet goes back to the Deployment's count...
      DemoRollouts.afterPatch(namespace, deployment, crud, now);
      // ...and an older one it owns back to none, with its pods (the current one is read again: it may be this one).
      for (ObjectNode older : olderRevisions(namespace, owner.path("uid").asText(), deployment, crud)) {
        if (older.path("spec").path("replicas").asInt(0) != 0 || older.path("status").path("replicas").asInt(0) != 0) {
          DemoReplicaSets.scale(older, 0, crud, now);
        }
      }
    } catch (IOException | ClassCastException e) {
      // The write itself was stored; a demo controller that does not follow is no reason to fail it.
    }
  }

  /** The ReplicaSets the Deployment controls other than its current one. */
  private static List<ObjectNode> olderRevisions(String namespace, String uid, String deployment, Function<RecordedRequest, MockResponse> crud)
      throws IOException {
    JsonNode d = StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + deployment);
    List<ObjectNode> owned = new ArrayList<>();
    for (JsonNode rs : StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/replicasets").path("items")) {
      JsonNode owner = controllingDeployment(rs);
      if (owner != null && owner.path("uid").asText().equals(uid)) {
        owned.add((ObjectNode) rs);
      }
    }
    ObjectNode current = DemoReplicaSets.current(owned, rs -> DemoRollouts.sameTemplate(rs, d));
    return owned.stream().filter(rs -> rs != current).toList();
  }

  /** The ReplicaSet's controller reference when a Deployment controls it; null for a ReplicaSet of its own. */
  private static JsonNode controllingDeployment(JsonNode rs) {
    for (JsonNode owner : rs.path("metadata").path("ownerReferences")) {
      if (owner.path("controller").asBoolean(false) && owner.path("kind").asText().equals("Deployment")) {
        return owner;
      }
    }
    return null;
  }
}
