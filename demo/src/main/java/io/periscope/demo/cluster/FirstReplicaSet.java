package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.function.Function;

/**
 * The Deployment controller's first step for a Deployment that owns no ReplicaSet yet (one created after seeding, by a
 * POST or an apply): revision 1, a ReplicaSet named after the Deployment and its pod template's hash, selecting and
 * labelling its pods with that {@code pod-template-hash} as the controller does. It starts with no replicas; the
 * ReplicaSet controller's turn ({@link DemoReplicaSets#converge}) gives it the Deployment's count and the pods.
 */
final class FirstReplicaSet {
  private static final String REVISION = DemoRollouts.REVISION;
  private static final String HASH = DemoRollouts.HASH;

  private FirstReplicaSet() {}

  /** Creates the ReplicaSet, marks the Deployment revision 1, and returns the ReplicaSet as stored. */
  static ObjectNode create(JsonNode deployment, Function<RecordedRequest, MockResponse> crud) throws IOException {
    JsonNode meta = deployment.path("metadata");
    String namespace = meta.path("namespace").asText();
    String name = meta.path("name").asText();
    ObjectNode template = deployment.path("spec").path("template").deepCopy();
    String hash = Workloads.templateHash(template);
    DemoRollouts.object(DemoRollouts.object(template, "metadata"), "labels").put(HASH, hash);

    ObjectNode rs = JsonNodeFactory.instance.objectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode rsMeta = rs.putObject("metadata").put("name", name + "-" + hash).put("namespace", namespace);
    rsMeta.set("labels", template.path("metadata").path("labels").deepCopy());
    rsMeta.putObject("annotations").put(REVISION, "1");
    rsMeta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", name)
        .put("uid", meta.path("uid").asText()).put("controller", true).put("blockOwnerDeletion", true);
    ObjectNode spec = rs.putObject("spec").put("replicas", 0);
    ObjectNode selector = deployment.path("spec").path("selector").isObject() ? deployment.path("spec").path("selector").deepCopy()
        : JsonNodeFactory.instance.objectNode();
    DemoRollouts.object(selector, "matchLabels").put(HASH, hash);
    spec.set("selector", selector);
    spec.set("template", template);
    String collection = "/apis/apps/v1/namespaces/" + namespace + "/replicasets";
    MockResponse created = StoreCalls.send(crud, HttpMethod.POST, collection, rs);
    if (created.code() / 100 != 2) {
      throw new IOException("the demo store refused the first ReplicaSet of " + namespace + "/" + name + ": " + created.code());
    }
    ObjectNode marked = deployment.deepCopy();
    DemoRollouts.object(DemoRollouts.object(marked, "metadata"), "annotations").put(REVISION, "1");
    StoreCalls.send(crud, HttpMethod.PUT, "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name, marked);
    return (ObjectNode) StoreCalls.read(crud, collection + "/" + name + "-" + hash);
  }
}
