package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A StatefulSet's ControllerRevisions as its controller keeps them: each pod template the set has had, stored as the
 * strategic merge patch {@code kubectl rollout undo} sends back ({@code data}), numbered by {@code revision}; the
 * newest is the one its template now is (its {@code updateRevision}), and its pods carry the revision's name in
 * {@code controller-revision-hash}. Going back to an older template renumbers that revision as the newest rather than
 * making another, as the controller does.
 */
final class StatefulSetRevisions {
  /** The pod label naming the revision a pod was made from. */
  static final String POD_LABEL = "controller-revision-hash";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatefulSetRevisions() {}

  /**
   * Seeds {@code set}'s revisions: one per image of {@code images}, oldest first, each {@code apart} before the next;
   * the last is the set's own template. Returns the name of that current revision (its pods' label).
   */
  static String seed(StoreWriter store, StatefulSet set, List<String> images, Instant newest, java.time.Duration apart) {
    JsonNode template;
    try {
      // As the store holds it, so that the current revision's template equals the set's.
      template = JSON.readTree(Serialization.asJson(set.getSpec().getTemplate()));
    } catch (IOException e) {
      throw new IllegalStateException("seeding: a StatefulSet template that is no JSON", e);
    }
    String current = null;
    for (int i = 0; i < images.size(); i++) {
      ObjectNode t = template.deepCopy();
      ((ObjectNode) t.path("spec").path("containers").get(0)).put("image", images.get(i));
      ObjectNode r = revision(set.getMetadata().getName(), set.getMetadata().getUid(), t, i + 1L);
      store.create(new ControllerRevisionBuilder()
          .withMetadata(Workloads.meta(set.getMetadata().getNamespace(), r.path("metadata").path("name").asText(),
              JSON.convertValue(r.path("metadata").path("labels"), Map.class), newest.minus(apart.multipliedBy(images.size() - 1L - i))))
          .editMetadata().withOwnerReferences(Workloads.ownerOf(set)).endMetadata()
          .withRevision(i + 1L).withData(JSON.convertValue(r.path("data"), Map.class)).build());
      current = r.path("metadata").path("name").asText();
    }
    return current;
  }

  /**
   * The revision {@code set}'s template now is, made the newest: an older revision with this template is renumbered
   * (a rollback), a template no revision holds gets a new one (an update, or the set's first). Returns its name.
   */
  static String update(JsonNode set, Function<RecordedRequest, MockResponse> crud) throws IOException {
    JsonNode meta = set.path("metadata");
    String namespace = meta.path("namespace").asText();
    String uid = meta.path("uid").asText();
    String collection = "/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions";
    List<ObjectNode> owned = new ArrayList<>();
    for (JsonNode r : StoreCalls.read(crud, collection).path("items")) {
      for (JsonNode owner : r.path("metadata").path("ownerReferences")) {
        if (owner.path("controller").asBoolean(false) && owner.path("uid").asText().equals(uid)) {
          owned.add((ObjectNode) r);
        }
      }
    }
    JsonNode template = set.path("spec").path("template");
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
      return fresh.path("metadata").path("name").asText();
    }
    if (match.path("revision").asLong(0) < newest) {
      match.put("revision", newest + 1);
      StoreCalls.send(crud, HttpMethod.PUT, collection + "/" + match.path("metadata").path("name").asText(), match);
    }
    return match.path("metadata").path("name").asText();
  }

  /** A revision of the set named {@code name} holding {@code template}: name, labels, owner and data, as the controller writes them. */
  private static ObjectNode revision(String name, String uid, JsonNode template, long number) {
    String hash = Workloads.templateHash(template);
    ObjectNode r = JSON.createObjectNode();
    ObjectNode meta = r.putObject("metadata").put("name", name + "-" + hash);
    ObjectNode labels = meta.putObject("labels");
    if (template.path("metadata").path("labels") instanceof ObjectNode own) {
      labels.setAll(own);
    }
    labels.put("controller.kubernetes.io/hash", hash);
    meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "StatefulSet").put("name", name).put("uid", uid)
        .put("controller", true).put("blockOwnerDeletion", true);
    r.putObject("data").putObject("spec").set("template", JSON.createObjectNode().put("$patch", "replace").setAll((ObjectNode) template.deepCopy()));
    r.put("revision", number);
    return r;
  }

  /** The revision's pod template without the patch directive it is stored with. */
  private static JsonNode templateOf(JsonNode revision) {
    JsonNode t = revision.path("data").path("spec").path("template");
    if (!(t instanceof ObjectNode o)) {
      return JSON.createObjectNode();
    }
    ObjectNode copy = o.deepCopy();
    copy.remove("$patch");
    return copy;
  }
}
