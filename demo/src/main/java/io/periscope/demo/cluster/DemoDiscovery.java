package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * API discovery, which the CRUD mock does not serve for built-in kinds: documents recorded from a
 * Kubernetes 1.31 apiserver ({@code discovery/*.json}: core, apps, batch, apiextensions,
 * authorization, autoscaling; rbac, policy and networking written in the same shape, without storage hashes) plus the
 * {@code cert-manager.io/v1} group of the demo's CRD, metrics-server's {@code metrics.k8s.io/v1beta1} and
 * {@code discovery.k8s.io/v1} (EndpointSlices).
 */
final class DemoDiscovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RECORDED = List.of("/api", "/api/v1", "/apis", "/apis/apps/v1", "/apis/batch/v1",
      "/apis/apiextensions.k8s.io/v1", "/apis/authorization.k8s.io/v1", "/apis/rbac.authorization.k8s.io/v1", "/apis/autoscaling/v2",
      "/apis/autoscaling/v1", "/apis/policy/v1", "/apis/networking.k8s.io/v1");
  private static final String CRD_GROUP_VERSION = CertManagerCrd.GROUP + "/" + CertManagerCrd.VERSION;

  private final Map<String, String> documents = new HashMap<>();

  DemoDiscovery() {
    for (String path : RECORDED) {
      documents.put(path, read("discovery/" + path.replace('/', '_') + ".json"));
    }
    documents.put("/apis", withGroup(withGroup(withGroup(documents.get("/apis"), CertManagerCrd.GROUP, CertManagerCrd.VERSION),
        "metrics.k8s.io", "v1beta1"), "discovery.k8s.io", "v1"));
    documents.put("/apis/discovery.k8s.io/v1", endpointSliceResources());
    documents.put("/apis/" + CRD_GROUP_VERSION, crdResources());
    documents.put("/apis/" + DemoMetrics.GROUP_VERSION, metricsResources());
  }

  /** The discovery document for {@code path}, or null when the path is not a discovery path. */
  MockResponse answer(String path) {
    String body = documents.get(path);
    return body == null ? null
        : new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static String withGroup(String apis, String name, String version) {
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(apis);
      ObjectNode group = ((ArrayNode) doc.get("groups")).addObject().put("name", name);
      group.putArray("versions").addObject().put("groupVersion", name + "/" + version).put("version", version);
      group.putObject("preferredVersion").put("groupVersion", name + "/" + version).put("version", version);
      return JSON.writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String crdResources() {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", CRD_GROUP_VERSION);
    ObjectNode r = doc.putArray("resources").addObject().put("name", CertManagerCrd.PLURAL).put("singularName", "certificate")
        .put("namespaced", true).put("kind", CertManagerCrd.KIND);
    ArrayNode verbs = r.putArray("verbs");
    List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch").forEach(verbs::add);
    r.putArray("shortNames").add("cert").add("certs");
    return doc.toString();
  }

  /** {@code discovery.k8s.io/v1}: the EndpointSlices the controller keeps for each Service, as a 1.31 apiserver lists them. */
  private static String endpointSliceResources() {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", "discovery.k8s.io/v1");
    ObjectNode r = doc.putArray("resources").addObject().put("name", "endpointslices").put("singularName", "endpointslice")
        .put("namespaced", true).put("kind", "EndpointSlice");
    ArrayNode verbs = r.putArray("verbs");
    List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
    return doc.toString();
  }

  /** metrics-server's resources: PodMetrics and NodeMetrics, get and list only. */
  private static String metricsResources() {
    ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", DemoMetrics.GROUP_VERSION);
    ArrayNode resources = doc.putArray("resources");
    for (String[] r : new String[][] {{"pods", "PodMetrics", "true"}, {"nodes", "NodeMetrics", "false"}}) {
      ObjectNode o = resources.addObject().put("name", r[0]).put("singularName", "").put("namespaced", Boolean.parseBoolean(r[2])).put("kind", r[1]);
      o.putArray("verbs").add("get").add("list");
    }
    return doc.toString();
  }

  private static String read(String resource) {
    try (InputStream in = DemoDiscovery.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing demo discovery document " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
