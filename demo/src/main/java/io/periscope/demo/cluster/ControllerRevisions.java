package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The ControllerRevisions a StatefulSet's or a DaemonSet's controller keeps of its pod templates: each template the
 * workload has had, stored as the strategic merge patch {@code kubectl rollout undo} sends back ({@code data}), named
 * {@code <workload>-<hash>}, labelled with the hash and numbered by {@code revision}. The newest is the template the
 * workload now has. Going back to an older template renumbers that revision as the newest rather than making another,
 * as both controllers do.
 *
 * @param kind the owner's kind, for the revision's owner reference
 * @param hashLabel the label the owner's controller writes the hash under ({@code controller.kubernetes.io/hash} for a
 *     StatefulSet's revisions, {@code controller-revision-hash} for a DaemonSet's)
 */
record ControllerRevisions(String kind, String hashLabel) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The revision {@code owner}'s template now is, made the newest: an older revision with this template is renumbered
   * (a rollback), a template no revision holds gets a new one (an update, or the workload's first). Returns it as stored.
   */
  ObjectNode update(JsonNode owner, Function<RecordedRequest, MockResponse> crud) throws IOException {
    JsonNode meta = owner.path("metadata");
    String namespace = meta.path("namespace").asText();
    String uid = meta.path("uid").asText();
    String collection = "/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions";
    List<ObjectNode> owned = new ArrayList<>();
    for (JsonNode r : StoreCalls.read(crud, collection).path("items")) {
      for (JsonNode ref : r.path("metadata").path("ownerReferences")) {
        if (ref.path("controller").asBoolean(false) && ref.path("uid").asText().equals(uid)) {
          owned.add((ObjectNode) r);
        }
      }
    }
    JsonNode template = owner.path("spec").path("template");
    long newest = owned.stream().mapToLong(r -> r.path("revision").asLong(0)).max().orElse(0);
    ObjectNode match = owned.stream().filter(r -> templateOf(r).equals(template))
        .max(Comparator.comparingLong(r -> r.path("revision").asLong(0))).orElse(null);
    if (match == null) {
      ObjectNode fresh = revision(meta.path("name").asText(), uid, template, newest + 1);
      fresh.put("apiVersion", "apps/v1").put("kind", "ControllerRevision");
      ((ObjectNode) fresh.path("metadata")).put("namespace", namespace);
      MockResponse created = StoreCalls.send(crud, HttpMethod.POST, collection, fresh);
      if (created.code() / 100 != 2) {
        throw new IOException("the demo store refused a revision of " + namespace + "/" + meta.path("name").asText() + ": " + created.code());
      }
      return fresh;
    }
    if (match.path("revision").asLong(0) < newest) {
      match.put("revision", newest + 1);
      StoreCalls.send(crud, HttpMethod.PUT, collection + "/" + match.path("metadata").path("name").asText(), match);
    }
    return match;
  }

  /** A revision of the workload named {@code name} holding {@code template}: name, labels, owner and data, as the controller writes them. */
  ObjectNode revision(String name, String uid, JsonNode template, long number) {
    String hash = Workloads.templateHash(template);
    ObjectNode r = JSON.createObjectNode();
    ObjectNode meta = r.putObject("metadata").put("name", name + "-" + hash);
    ObjectNode labels = meta.putObject("labels");
    if (template.path("metadata").path("labels") instanceof ObjectNode own) {
      labels.setAll(own);
    }
    labels.put(hashLabel, hash);
    meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", kind).put("name", name).put("uid", uid)
        .put("controller", true).put("blockOwnerDeletion", true);
    r.putObject("data").putObject("spec").set("template", JSON.createObjectNode().put("$patch", "replace").setAll((ObjectNode) template.deepCopy()));
    r.put("revision", number);
    return r;
  }

  /** The revision's pod template without the patch directive it is stored with. */
  static JsonNode templateOf(JsonNode revision) {
    JsonNode t = revision.path("data").path("spec").path("template");
    if (!(t instanceof ObjectNode o)) {
      return JSON.createObjectNode();
    }
    ObjectNode copy = o.deepCopy();
    copy.remove("$patch");
    return copy;
  }
}
