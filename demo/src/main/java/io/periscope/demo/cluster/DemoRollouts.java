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
 * The Deployment controller's answer to any write of a Deployment, reduced to what the demo needs. The ReplicaSet whose
 * pod template the Deployment now has becomes its newest revision: a template none has ({@code kubectl set image}, an
 * edit in the YAML tab, a patch or an apply) gets a new ReplicaSet named with the template's hash ({@link
 * NewReplicaSet}); an older ReplicaSet with it ({@code kubectl rollout undo}) is renumbered as the next revision, as the
 * controller reuses it rather than making another. Then the rollout moves the pods to it ({@link DeploymentRollout}),
 * which also brings them to the Deployment's replicas after a scale. A Deployment that owns no ReplicaSet yet (created
 * after seeding) gets its revision 1. A paused Deployment ({@code kubectl rollout pause}) is only scaled: its template
 * change rolls out once it is resumed.
 */
final class DemoRollouts {
  static final Pattern DAEMONSET = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/daemonsets/([^/]+)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH = "pod-template-hash";

  private DemoRollouts() {}

  /**
   * After a successful write of {@code namespace/name}: makes the ReplicaSet of its template the newest revision, if it is
   * not already, and rolls the pods out to it.
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
      if (deployment.path("spec").path("paused").asBoolean(false)) {
        // kubectl rollout pause: the controller only scales what it has; a template change waits for the resume.
        ObjectNode newestRs = DemoReplicaSets.current(owned, rs -> sameTemplate(rs, deployment));
        if (newestRs != null) {
          DeploymentRollout.scalePaused(deployment, newestRs, owned.stream().filter(rs -> rs != newestRs).toList(), crud, now);
        }
        return;
      }
      long newest = owned.stream().mapToLong(DemoRollouts::revisionOf).max().orElse(0);
      ObjectNode current = owned.stream().filter(rs -> sameTemplate(rs, deployment)).findFirst().orElse(null);
      if (current == null) {
        // A template no revision has (or the Deployment's first): the controller's next revision.
        current = NewReplicaSet.create(deployment, newest + 1, crud);
      } else if (revisionOf(current) < newest) {
        // Rolled back to an older revision's template: that ReplicaSet comes back under the next number.
        object(object(current, "metadata"), "annotations").put(REVISION, Long.toString(newest + 1));
        StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + namespace + "/replicasets/" + current.path("metadata").path("name").asText(),
            current);
        markRevision(deployment, newest + 1, crud);
      }
      ObjectNode target = current;
      List<ObjectNode> older = owned.stream().filter(rs -> rs != target).toList();
      DeploymentRollout.roll(StoreCalls.read(crud, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name), current, older, crud, now);
    } catch (IOException e) {
      // The write itself succeeded; a demo rollout that does not follow is no reason to fail it.
    }
  }

  private static long revisionOf(JsonNode rs) {
    return rs.path("metadata").path("annotations").path(REVISION).asLong(0);
  }

  /** Writes {@code revision} as the Deployment's own revision annotation, as the controller keeps it with its newest ReplicaSet's. */
  static void markRevision(JsonNode deployment, long revision, Function<RecordedRequest, MockResponse> crud) {
    ObjectNode marked = deployment.deepCopy();
    object(object(marked, "metadata"), "annotations").put(REVISION, Long.toString(revision));
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + marked.path("metadata").path("namespace").asText() + "/deployments/"
        + marked.path("metadata").path("name").asText(), marked);
  }

  /**
   * A strategic merge patch of a DaemonSet, which the CRUD store does not know: a template marked
   * {@code "$patch": "replace"} (what {@code kubectl rollout undo} sends) replaces the DaemonSet's
   * template; then, as the DaemonSet controller would, the ControllerRevision with that template
   * becomes the newest and the DaemonSet's pods are replaced by new ones running its images (none with the
   * {@code OnDelete} strategy). Other patches go to the store as they are.
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
    if (ds.path("spec").path("updateStrategy").path("type").asText("RollingUpdate").equals("OnDelete")) {
      return; // the controller replaces a pod only once someone deletes it
    }
    replaceDaemonPods(ds, template, hash, crud, now);
  }

  /**
   * The DaemonSet controller's RollingUpdate (maxUnavailable 1, no surge, its defaults): node by node, the pod there
   * goes and a new one of {@code template} starts in its place, under a new name, labelled with the revision's hash and
   * the set's generation. The demo's pods start at once, so one pass replaces them all; watchers see each node's
   * delete before its new pod.
   */
  private static void replaceDaemonPods(JsonNode ds, JsonNode template, String hash, Function<RecordedRequest, MockResponse> crud, Instant now)
      throws IOException {
    String namespace = ds.path("metadata").path("namespace").asText();
    String name = ds.path("metadata").path("name").asText();
    String uid = ds.path("metadata").path("uid").asText();
    int i = 0;
    int replaced = 0;
    for (JsonNode pod : StoreCalls.read(crud, "/api/v1/namespaces/" + namespace + "/pods").path("items")) {
      if (!pod.path("metadata").path("ownerReferences").path(0).path("uid").asText().equals(uid)) {
        continue;
      }
      String old = pod.path("metadata").path("name").asText();
      crud.apply(StoreCalls.request(HttpMethod.DELETE, "/api/v1/namespaces/" + namespace + "/pods/" + old, null));
      // The pod it had on that node, as a new pod: same node and spec but the template's images, started now.
      ObjectNode fresh = pod.deepCopy();
      ObjectNode meta = (ObjectNode) fresh.path("metadata");
      meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "deletionTimestamp"));
      meta.put("name", name + "-" + Workloads.suffix(old + hash, i++));
      ObjectNode labels = template.path("metadata").path("labels").isObject() ? template.path("metadata").path("labels").deepCopy()
          : JSON.createObjectNode();
      labels.put("controller-revision-hash", hash);
      if (ds.path("metadata").has("generation")) {
        labels.put("pod-template-generation", ds.path("metadata").path("generation").asText());
      }
      meta.set("labels", labels);
      startAfresh(fresh, template.path("spec").path("containers"), now);
      if (StoreCalls.send(crud, HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/pods", fresh).code() / 100 == 2) {
        replaced++;
      }
    }
    ObjectNode status = ds.deepCopy();
    ObjectNode st = object(status, "status").put("updatedNumberScheduled", replaced);
    if (ds.path("metadata").has("generation")) {
      st.put("observedGeneration", ds.path("metadata").path("generation").asLong());
    }
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + namespace + "/daemonsets/" + name + "/status", status);
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
      if (s.path("state").has("running")) {
        ((ObjectNode) s.path("state").path("running")).put("startedAt", now.toString());
      }
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
