package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A StatefulSet's or DaemonSet's rollout history as {@code kubectl rollout history} reads it: each
 * ControllerRevision it controls is one revision, numbered by its {@code revision} field, holding
 * the pod template as a strategic merge patch ({@code data}); going back to one is sending that
 * patch ({@code kubectl rollout undo --to-revision}).
 */
final class ControllerRevisions {
  private static final String REPLACE = "$patch";

  private ControllerRevisions() {}

  /** The revisions of {@code workload} among {@code revisions} (a list's items), newest first. */
  static List<Revision> of(JsonNode workload, JsonNode revisions) {
    List<Revision> out = new ArrayList<>();
    for (JsonNode r : Controlled.by(workload, revisions)) {
      JsonNode template = template(r);
      List<String> images = new ArrayList<>();
      template.path("spec").path("containers").forEach(c -> images.add(c.path("image").asText()));
      JsonNode meta = r.path("metadata");
      out.add(new Revision(r.path("revision").asLong(0), meta.path("name").asText(), List.copyOf(images),
          meta.path("annotations").path(DeploymentRevisions.CHANGE_CAUSE).asText(null), meta.path("creationTimestamp").asText(null),
          null, null, DeploymentRevisions.sameTemplate(template, workload.path("spec").path("template"))));
    }
    out.sort(Comparator.comparingLong(Revision::revision).reversed());
    return List.copyOf(out);
  }

  /** The strategic merge patch that puts revision {@code to}'s pod template back (the revision's own data). */
  static JsonNode rollbackPatch(JsonNode workload, JsonNode revisions, long to) {
    String what = workload.path("kind").asText("workload") + " " + workload.path("metadata").path("name").asText();
    JsonNode target = Controlled.by(workload, revisions).stream().filter(r -> r.path("revision").asLong(0) == to).findFirst()
        .orElseThrow(() -> new Problem(ErrorCode.REVISION_NOT_FOUND, what + " has no revision " + to));
    if (!target.path("data").path("spec").path("template").isObject()) {
      throw new Problem(ErrorCode.ROLLBACK_NOT_POSSIBLE, "revision " + to + " of " + what + " holds no pod template");
    }
    if (DeploymentRevisions.sameTemplate(template(target), workload.path("spec").path("template"))) {
      throw new Problem(ErrorCode.ROLLBACK_NOT_POSSIBLE, what + " already runs the template of revision " + to);
    }
    return target.path("data");
  }

  /** The revision's pod template without the patch directive it is stored with. */
  private static JsonNode template(JsonNode revision) {
    JsonNode t = revision.path("data").path("spec").path("template");
    if (!t.isObject()) {
      return ResourceReader.JSON.createObjectNode();
    }
    ObjectNode copy = t.deepCopy();
    copy.remove(REPLACE);
    return copy;
  }
}
