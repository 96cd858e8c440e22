package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A StatefulSet's ControllerRevisions ({@link ControllerRevisions}): the newest is its {@code updateRevision}, and its
 * pods carry the revision's whole name in {@code controller-revision-hash}.
 */
final class StatefulSetRevisions {
  /** The pod label naming the revision a pod was made from. */
  static final String POD_LABEL = "controller-revision-hash";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ControllerRevisions REVISIONS = new ControllerRevisions("StatefulSet", "controller.kubernetes.io/hash");

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
      ObjectNode r = REVISIONS.revision(set.getMetadata().getName(), set.getMetadata().getUid(), t, i + 1L);
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
    return REVISIONS.update(set, crud).path("metadata").path("name").asText();
  }
}
