package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
      // The ReplicaSet with the Deployment's template, else (a template change not rolled yet) its newest revision.
      ObjectNode current = DemoReplicaSets.current(owned, rs -> sameTemplate(rs, deployment));
      if (deployment.path("spec").path("paused").asBoolean(false)) {
        // kubectl rollout pause: the controller only scales what it has; a template change waits for the resume.
        if (current != null) {
          ObjectNode held = current;
          DeploymentRollout.scalePaused(deployment, held, owned.stream().filter(rs -> rs != held).toList(), crud, now);
        }
        return;
      }
      long newest = owned.stream().mapToLong(DemoRollouts::revisionOf).max().orElse(0);
      if (current == null || !sameTemplate(current, deployment)) {
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
