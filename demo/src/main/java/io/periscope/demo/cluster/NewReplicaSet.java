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
 * The Deployment controller's new ReplicaSet for a pod template none of the Deployment's ReplicaSets has: revision 1
 * for a Deployment created after seeding (a POST or an apply), the next revision after a template change ({@code kubectl
 * set image}, an edit in the YAML tab, a patch or an apply). It is named after the Deployment and the template's hash,
 * selects and labels its pods with that {@code pod-template-hash}, and carries the Deployment's change cause, as the
 * controller copies it. It starts with no replicas; the rollout ({@link DeploymentRollout}) gives it the pods.
 */
final class NewReplicaSet {
  private static final String REVISION = DemoRollouts.REVISION;
  private static final String HASH = DemoRollouts.HASH;
  private static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  private NewReplicaSet() {}

  /** Creates the ReplicaSet as {@code revision}, marks the Deployment with it, and returns the ReplicaSet as stored. */
  static ObjectNode create(JsonNode deployment, long revision, Function<RecordedRequest, MockResponse> crud) throws IOException {
    JsonNode meta = deployment.path("metadata");
    String namespace = meta.path("namespace").asText();
    String name = meta.path("name").asText();
    ObjectNode template = deployment.path("spec").path("template").deepCopy();
    String hash = Workloads.templateHash(template);
    DemoRollouts.object(DemoRollouts.object(template, "metadata"), "labels").put(HASH, hash);

    ObjectNode rs = JsonNodeFactory.instance.objectNode().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode rsMeta = rs.putObject("metadata").put("name", name + "-" + hash).put("namespace", namespace);
    rsMeta.set("labels", template.path("metadata").path("labels").deepCopy());
    ObjectNode annotations = rsMeta.putObject("annotations").put(REVISION, Long.toString(revision));
    if (meta.path("annotations").has(CHANGE_CAUSE)) {
      // Copied as it is, even when nobody updated it for this change: kubectl rollout history shows the same.
      annotations.put(CHANGE_CAUSE, meta.path("annotations").path(CHANGE_CAUSE).asText());
    }
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
      throw new IOException("the demo store refused revision " + revision + " of " + namespace + "/" + name + ": " + created.code());
    }
    DemoRollouts.markRevision(deployment, revision, crud);
    return (ObjectNode) StoreCalls.read(crud, collection + "/" + name + "-" + hash);
  }
}
