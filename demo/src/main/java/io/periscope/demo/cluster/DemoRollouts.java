package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.aws.ImageDigests;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Deployment controller's answer to a rollback, reduced to what the demo needs: when a patch
 * gives a Deployment the pod template of one of its older ReplicaSets ({@code kubectl rollout undo}),
 * that ReplicaSet becomes the newest revision and takes the replicas, the others drop to none, and
 * the pods are replaced by ones of the revision rolled back to. Any other template change is left
 * as the CRUD store has it (the demo runs no rollout for it). After every patch the current
 * ReplicaSet's pods are brought to the Deployment's replicas ({@link DemoReplicaSets}), so a scale converges; a
 * Deployment that owns no ReplicaSet yet (created after seeding) first gets its revision 1 ({@link FirstReplicaSet}).
 */
final class DemoRollouts {
  static final Pattern DAEMONSET = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/daemonsets/([^/]+)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH = "pod-template-hash";

  private DemoRollouts() {}

  /**
   * After a successful PATCH of {@code namespace/name}: rolls out the revision its template now matches, if that is an older one,
   * then brings the current revision's pods to the Deployment's replicas.
   */
  static void afterPatch(String namespace, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    try {
      JsonNode deployment = StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
      String uid = deployment.path("metadata").path("uid").asText();
      List<ObjectNode> owned = new ArrayList<>();
      for (JsonNode rs : StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/replicasets").path("items")) {
        for (JsonNode owner : rs.path("metadata").path("ownerReferences")) {
          if (owner.path("uid").asText().equals(uid) && owner.path("controller").asBoolean(false)) {
            owned.add((ObjectNode) rs);
          }
        }
      }
      if (owned.isEmpty()) {
        // Created after seeding (a POST or an apply): the controller's first revision, which the scale below fills.
        owned.add(FirstReplicaSet.create(deployment, crud));
      }
      ObjectNode current = DemoReplicaSets.current(owned, rs -> sameTemplate(rs, deployment));
      long newest = owned.stream().mapToLong(rs -> rs.path("metadata").path("annotations").path(REVISION).asLong(0)).max().orElse(0);
      boolean rollback = sameTemplate(current, deployment) && current.path("metadata").path("annotations").path(REVISION).asLong(0) < newest;
      if (rollback) {
        rollBack(namespace, name, deployment, owned, current, newest + 1, crud, now);
      }
      // Scaled, or rolled back with another count than the pods it replaced: the ReplicaSet controller's turn.
      DemoReplicaSets.converge(StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name),
          (ObjectNode) StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + current.path("metadata").path("name").asText()),
          crud, now);
    } catch (IOException e) {
      // The patch itself succeeded; a demo rollout that does not follow is no reason to fail it.
    }
  }

  /** {@code target}, an older revision, becomes revision {@code next} and takes the replicas; its pods replace the others'. */
  private static void rollBack(String namespace, String name, JsonNode deployment, List<ObjectNode> owned, ObjectNode target, long next,
                               Function<RecordedRequest, MockResponse> crud, Instant now) throws IOException {
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    for (ObjectNode rs : owned) {
      boolean isTarget = rs == target;
      if (!isTarget && rs.path("spec").path("replicas").asInt(0) == 0) {
        continue;
      }
      if (isTarget) {
        ((ObjectNode) rs.path("metadata").path("annotations")).put(REVISION, Long.toString(next));
      }
      int n = isTarget ? replicas : 0;
      ((ObjectNode) rs.path("spec")).put("replicas", n);
      object(rs, "status").put("replicas", n).put("readyReplicas", n).put("availableReplicas", n).put("fullyLabeledReplicas", n);
      String path = "/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + rs.path("metadata").path("name").asText();
      StoreCalls.send(crud, HttpMethod.PUT, path, rs);
      StoreCalls.send(crud, HttpMethod.PUT, path + "/status", rs);
    }
    ObjectNode patched = deployment.deepCopy();
    object(object(patched, "metadata"), "annotations").put(REVISION, Long.toString(next));
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name, patched);
    replacePods(namespace, owned, target, crud, now);
  }

  /**
   * A strategic merge patch of a DaemonSet, which the CRUD store does not know: a template marked
   * {@code "$patch": "replace"} (what {@code kubectl rollout undo} sends) replaces the DaemonSet's
   * template; then, as the DaemonSet controller would, the ControllerRevision with that template
   * becomes the newest and the DaemonSet's pods run its images. Other patches go to the store as they are.
   */
  static MockResponse daemonSetPatch(RecordedRequest request, String namespace, String name, Function<RecordedRequest, MockResponse> crud,
                                     Instant now) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().readUtf8());
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "the patch is no JSON: " + e.getMessage());
    }
    JsonNode template = body.path("spec").path("template");
    if (!template.path("$patch").asText().equals("replace")) {
      return crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, request.getPath(), request.getHeaders(), new Buffer().writeUtf8(body.toString())));
    }
    ObjectNode replacement = template.deepCopy();
    replacement.remove("$patch");
    var patch = JSON.createArrayNode();
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", replacement);
    MockResponse patched = crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, request.getPath(),
        Headers.builder().add("Content-Type", "application/json-patch+json").build(), new Buffer().writeUtf8(patch.toString())));
    if (patched.code() / 100 == 2) {
      try {
        rollDaemonSet(namespace, name, replacement, crud, now);
      } catch (IOException e) {
        // The patch itself succeeded; a demo rollout that does not follow is no reason to fail it.
      }
    }
    return patched;
  }

  private static void rollDaemonSet(String namespace, String name, JsonNode template, Function<RecordedRequest, MockResponse> crud, Instant now)
      throws IOException {
    JsonNode ds = StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/daemonsets/" + name);
    String uid = ds.path("metadata").path("uid").asText();
    List<ObjectNode> owned = new ArrayList<>();
    for (JsonNode r : StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions").path("items")) {
      if (r.path("metadata").path("ownerReferences").path(0).path("uid").asText().equals(uid)) {
        owned.add((ObjectNode) r);
      }
    }
    long newest = owned.stream().mapToLong(r -> r.path("revision").asLong(0)).max().orElse(0);
    ObjectNode target = owned.stream().filter(r -> {
      ObjectNode t = r.path("data").path("spec").path("template").deepCopy();
      t.remove("$patch");
      return t.equals(template);
    }).findFirst().orElse(null);
    if (target == null || target.path("revision").asLong(0) == newest) {
      return;
    }
    target.put("revision", newest + 1);
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions/" + target.path("metadata").path("name").asText(),
        target);
    String hash = target.path("metadata").path("labels").path("controller-revision-hash").asText();
    JsonNode containers = template.path("spec").path("containers");
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items")) {
      if (!pod.path("metadata").path("ownerReferences").path(0).path("uid").asText().equals(uid)) {
        continue;
      }
      ObjectNode fresh = pod.deepCopy();
      object(object(fresh, "metadata"), "labels").put("controller-revision-hash", hash);
      startAfresh(fresh, containers, now);
      String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText();
      StoreCalls.send(crud, HttpMethod.PUT, path, fresh);
    }
  }

  /** Each pod of the Deployment's other ReplicaSets gives way to one of {@code target}'s, on the same node. */
  private static void replacePods(String namespace, List<ObjectNode> owned, ObjectNode target, Function<RecordedRequest, MockResponse> crud,
                                  Instant now) throws IOException {
    List<String> others = owned.stream().filter(rs -> rs != target).map(rs -> rs.path("metadata").path("uid").asText()).toList();
    JsonNode template = target.path("spec").path("template");
    String targetName = target.path("metadata").path("name").asText();
    int i = 0;
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items")) {
      JsonNode owner = pod.path("metadata").path("ownerReferences").path(0);
      if (!others.contains(owner.path("uid").asText())) {
        continue;
      }
      String old = pod.path("metadata").path("name").asText();
      crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + old, null));
      ObjectNode fresh = pod.deepCopy();
      ObjectNode meta = (ObjectNode) fresh.path("metadata");
      meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields"));
      meta.put("name", targetName + "-" + Workloads.suffix(old + targetName, i++));
      meta.set("labels", template.path("metadata").path("labels").deepCopy());
      ObjectNode ref = (ObjectNode) meta.path("ownerReferences").get(0);
      ref.put("name", targetName).put("uid", target.path("metadata").path("uid").asText());
      startAfresh(fresh, template.path("spec").path("containers"), now);
      StoreCalls.send(crud, HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/pods", fresh);
    }
  }

  /** The pod runs the template's images (by container position), started now, with no restarts behind it. */
  private static void startAfresh(ObjectNode pod, JsonNode containers, Instant now) {
    for (int c = 0; c < pod.path("spec").path("containers").size() && c < containers.size(); c++) {
      ((ObjectNode) pod.path("spec").path("containers").get(c)).put("image", containers.get(c).path("image").asText());
    }
    ObjectNode status = object(pod, "status");
    status.put("startTime", now.toString());
    for (int c = 0; c < status.path("containerStatuses").size() && c < containers.size(); c++) {
      String image = containers.get(c).path("image").asText();
      ObjectNode s = (ObjectNode) status.path("containerStatuses").get(c);
      s.put("image", image).put("imageID", ImageDigests.imageId(image)).put("restartCount", 0).remove("lastState");
    }
  }

  /** {@code parent}'s object field, made when absent. */
  static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  static boolean sameTemplate(JsonNode rs, JsonNode deployment) {
    ObjectNode a = rs.path("spec").path("template").deepCopy();
    ObjectNode b = deployment.path("spec").path("template").deepCopy();
    for (ObjectNode t : List.of(a, b)) {
      if (t.path("metadata").path("labels") instanceof ObjectNode labels) {
        labels.remove(HASH);
      }
    }
    return a.equals(b);
  }

}
