package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A Deployment's rollout history as {@code kubectl rollout history} reads it (each ReplicaSet it
 * controls is one revision, numbered by its {@code deployment.kubernetes.io/revision} annotation),
 * and the patch {@code kubectl rollout undo --to-revision} sends to go back to one.
 */
public final class DeploymentRevisions {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  private static final String HASH_LABEL = "pod-template-hash";
  /** The ReplicaSet annotations a rollback does not copy onto the Deployment (kubectl's list). */
  private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
      "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
      "deprecated.deployment.rollback.to");

  private DeploymentRevisions() {}

  /** The revisions of {@code deployment} among {@code replicaSets} (a list's items), newest first. */
  static List<Revision> of(JsonNode deployment, JsonNode replicaSets) {
    List<Revision> out = new ArrayList<>();
    for (JsonNode rs : Controlled.by(deployment, replicaSets)) {
      JsonNode meta = rs.path("metadata");
      List<String> images = new ArrayList<>();
      rs.path("spec").path("template").path("spec").path("containers").forEach(c -> images.add(c.path("image").asText()));
      out.add(new Revision(revision(rs), meta.path("name").asText(), List.copyOf(images),
          meta.path("annotations").path(CHANGE_CAUSE).asText(null), meta.path("creationTimestamp").asText(null),
          rs.path("spec").path("replicas").asInt(0), rs.path("status").path("readyReplicas").asInt(0),
          sameTemplate(rs.path("spec").path("template"), deployment.path("spec").path("template"))));
    }
    out.sort(Comparator.comparingLong(Revision::revision).reversed());
    return List.copyOf(out);
  }

  /**
   * The JSON patch that puts revision {@code to}'s pod template back into the Deployment, with the
   * ReplicaSet's annotations (its change cause) as {@code kubectl rollout undo} does; the Deployment
   * controller then rolls out, and the revision comes back under a new number.
   */
  static ArrayNode rollbackPatch(JsonNode deployment, JsonNode replicaSets, long to) {
    String name = deployment.path("metadata").path("name").asText();
    if (deployment.path("spec").path("paused").asBoolean(false)) {
      throw new Problem(ErrorCode.ROLLBACK_NOT_POSSIBLE, "deployment " + name + " is paused: resume it before rolling it back");
    }
    JsonNode target = Controlled.by(deployment, replicaSets).stream().filter(rs -> revision(rs) == to).findFirst()
        .orElseThrow(() -> new Problem(ErrorCode.REVISION_NOT_FOUND, "deployment " + name + " has no revision " + to));
    if (sameTemplate(target.path("spec").path("template"), deployment.path("spec").path("template"))) {
      throw new Problem(ErrorCode.ROLLBACK_NOT_POSSIBLE, "deployment " + name + " already runs the template of revision " + to);
    }
    ObjectNode template = target.path("spec").path("template").deepCopy();
    if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove(HASH_LABEL);
    }
    ObjectNode annotations = ResourceReader.JSON.createObjectNode();
    deployment.path("metadata").path("annotations").properties().forEach(e -> {
      if (NOT_COPIED.contains(e.getKey())) {
        annotations.set(e.getKey(), e.getValue());
      }
    });
    target.path("metadata").path("annotations").properties().forEach(e -> {
      if (!NOT_COPIED.contains(e.getKey())) {
        annotations.set(e.getKey(), e.getValue());
      }
    });
    ArrayNode patch = ResourceReader.JSON.createArrayNode();
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
    // "add" sets the member whether or not the Deployment has annotations yet ("replace" fails on a missing one).
    patch.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", annotations);
    return patch;
  }

  private static long revision(JsonNode rs) {
    try {
      return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Equal pod templates once the ReplicaSet's hash label is set aside (kubectl's equalIgnoreHash). */
  static boolean sameTemplate(JsonNode replicaSetTemplate, JsonNode deploymentTemplate) {
    ObjectNode a = replicaSetTemplate.deepCopy();
    ObjectNode b = deploymentTemplate.isObject() ? deploymentTemplate.deepCopy() : ResourceReader.JSON.createObjectNode();
    for (ObjectNode t : List.of(a, b)) {
      if (t.path("metadata").path("labels") instanceof ObjectNode labels) {
        labels.remove(HASH_LABEL);
      }
    }
    return a.equals(b);
  }
}
