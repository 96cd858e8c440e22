package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The DaemonSet controller after any write of a DaemonSet (its create too) and after one of its pods is deleted or
 * evicted, reduced to what the demo needs, one path for an update ({@code kubectl set image}, an edit in the YAML tab, a
 * patch, an apply, the console's Restart) and a rollback ({@code kubectl rollout undo}'s patch of a revision's template):
 * the template the set now has becomes its newest ControllerRevision ({@link ControllerRevisions}: a new one named with
 * the template's hash, or an older one with this template renumbered); every node the set runs on that has no pod of it
 * gets one of that revision ({@link DaemonSetPlacement}); then with the {@code RollingUpdate} strategy its pods are
 * replaced node by node ({@link DaemonSetRollout}); with {@code OnDelete} none is, as the controller replaces a pod only
 * once someone deletes it. The set's status counts follow its pods.
 */
final class DemoDaemonSets {
  /** The label a DaemonSet's pods and revisions carry its revision's hash under. */
  static final String HASH = "controller-revision-hash";
  private static final ControllerRevisions REVISIONS = new ControllerRevisions("DaemonSet", HASH);

  private DemoDaemonSets() {}

  static void afterWrite(String namespace, String name, Function<RecordedRequest, MockResponse> crud, Instant now) {
    String path = "/apis/apps/v1/namespaces/" + namespace + "/daemonsets/" + name;
    try {
      JsonNode ds = StoreCalls.read(crud, path);
      String hash = REVISIONS.update(ds, crud).path("metadata").path("labels").path(HASH).asText();
      DaemonSetPlacement.place(ds, hash, crud, now);
      if (ds.path("spec").path("updateStrategy").path("type").asText("RollingUpdate").equals("RollingUpdate")) {
        DaemonSetRollout.roll(ds, hash, crud, now);
      }
      writeStatus((ObjectNode) StoreCalls.read(crud, path), hash, crud);
    } catch (IOException | ClassCastException e) {
      // The write itself was stored; a demo set whose pods do not follow is no reason to fail it.
    }
  }

  /**
   * The template generation a new pod of {@code ds} is labelled with ({@code pod-template-generation}): the apiserver's
   * ({@link DaemonSetTemplateGeneration}), not {@code metadata.generation}, which any spec change moves; empty when unknown.
   */
  static String templateGeneration(JsonNode ds) {
    return ds.path("metadata").path("annotations").path(DaemonSetTemplateGeneration.ANNOTATION).asText("");
  }

  /**
   * The counts as the controller reports them: desired, the nodes the set should run on; scheduled, those of them with a
   * pod; misscheduled, other nodes with one; updated (a pod of the newest revision), ready and available (its pods start
   * with no minReadySeconds) and unavailable (desired nodes without an available pod); and the generation it saw.
   */
  private static void writeStatus(ObjectNode ds, String hash, Function<RecordedRequest, MockResponse> crud) throws IOException {
    Map<String, List<JsonNode>> byNode = DaemonSetRollout.podsByNode(ds, crud);
    Set<String> eligible = DaemonSetPlacement.eligibleNodes(ds, StoreCalls.read(crud, "/api/v1/nodes"));
    int desired = eligible.size();
    int scheduled = (int) byNode.keySet().stream().filter(eligible::contains).count();
    int updated = (int) byNode.entrySet().stream().filter(e -> eligible.contains(e.getKey()))
        .filter(e -> e.getValue().stream().anyMatch(p -> hash.equals(DaemonSetRollout.hashOf(p)))).count();
    int ready = (int) byNode.entrySet().stream().filter(e -> eligible.contains(e.getKey()))
        .filter(e -> e.getValue().stream().anyMatch(DemoReplicaSets::ready)).count();
    ObjectNode status = DemoRollouts.object(ds, "status").put("desiredNumberScheduled", desired).put("currentNumberScheduled", scheduled)
        .put("updatedNumberScheduled", updated).put("numberReady", ready).put("numberAvailable", ready)
        .put("numberUnavailable", desired - ready).put("numberMisscheduled", byNode.size() - scheduled);
    if (ds.path("metadata").has("generation")) {
      status.put("observedGeneration", ds.path("metadata").path("generation").asLong());
    }
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + ds.path("metadata").path("namespace").asText() + "/daemonsets/"
        + ds.path("metadata").path("name").asText() + "/status", ds);
  }
}
