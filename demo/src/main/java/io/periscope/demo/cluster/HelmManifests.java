package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a chart rendered for a demo release: the objects of the release's app as the store holds
 * them (its Deployment, Service, ServiceAccount and {@code <app>-config} ConfigMap), without what the
 * apiserver and controllers write, with the labels Helm charts put on everything
 * ({@code helm.sh/chart: <chart>-<version>}, {@code app.kubernetes.io/managed-by: Helm}), as Helm's
 * {@code manifest} field keeps them, one {@code # Source:} document each. For the deployed revision
 * the live objects get those labels too, as installing the chart gave them; so a release is in sync
 * with its cluster unless its {@code rendered} hook changes what the chart said (the showcase's hand edits).
 */
final class HelmManifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private HelmManifests() {}

  /** A template's output: its file and its object. */
  record Rendered(String template, ObjectNode object) {}

  /** @param deployed the release's deployed revision: its labels go on the live objects too */
  static String of(StoreWriter store, DemoEstate.HelmChart chart, List<DemoEstate.App> apps, boolean deployed, Consumer<List<Rendered>> rendered) {
    List<Rendered> docs = new ArrayList<>();
    apps.stream().filter(a -> a.namespace().equals(chart.namespace()) && isOf(a, chart)).findFirst().ifPresent(app -> {
      String ns = "/namespaces/" + app.namespace();
      for (String[] t : new String[][] {{"deployment.yaml", "/apis/apps/v1" + ns + "/deployments/" + app.name()},
          {"service.yaml", "/api/v1" + ns + "/services/" + app.name()},
          {"serviceaccount.yaml", "/api/v1" + ns + "/serviceaccounts/" + app.serviceAccount()},
          {"configmap.yaml", "/api/v1" + ns + "/configmaps/" + app.name() + "-config"}}) {
        store.readIfPresent(t[1]).ifPresent(live -> {
          labelled(live, chart);
          if (deployed) {
            store.replace(t[1], live);
          }
          docs.add(new Rendered(t[0], asRendered(live)));
        });
      }
    });
    rendered.accept(docs);
    StringBuilder manifest = new StringBuilder();
    for (Rendered d : docs) {
      try {
        manifest.append("---\n# Source: ").append(chart.chart()).append("/templates/").append(d.template()).append('\n')
            .append(YAML.writeValueAsString(d.object()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("rendering the demo manifest of " + chart.release(), e);
      }
    }
    return manifest.toString();
  }

  /** The release's app: named as the release ({@code grafana}), after it ({@code ingress-nginx-controller}), or as the chart. */
  private static boolean isOf(DemoEstate.App app, DemoEstate.HelmChart chart) {
    return app.name().equals(chart.release()) || app.name().startsWith(chart.release() + "-") || app.name().equals(chart.chart());
  }

  private static void labelled(ObjectNode object, DemoEstate.HelmChart chart) {
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
    labels.put("helm.sh/chart", chart.chart() + "-" + chart.version()).put("app.kubernetes.io/managed-by", "Helm");
  }

  /** The object without what the apiserver and controllers write: the template's output. */
  private static ObjectNode asRendered(ObjectNode stored) {
    ObjectNode o = stored.deepCopy();
    o.remove("status");
    if (o.get("metadata") instanceof ObjectNode m) {
      m.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "ownerReferences"));
      if (m.get("annotations") instanceof ObjectNode a) {
        a.remove("deployment.kubernetes.io/revision");
        if (a.isEmpty()) {
          m.remove("annotations");
        }
      }
    }
    if (o.path("kind").asText().equals("Service") && o.get("spec") instanceof ObjectNode spec) {
      spec.remove(List.of("clusterIP", "clusterIPs"));
    }
    return o;
  }

  /** The rendered object of {@code kind} in {@code docs}, to change what the chart said. */
  static Optional<ObjectNode> find(List<Rendered> docs, String kind) {
    return docs.stream().map(Rendered::object).filter(o -> o.path("kind").asText().equals(kind)).findFirst();
  }

  /**
   * The showcase's payments-api as its chart has it, against a cluster where someone scaled it by
   * hand (3 replicas, the chart says 2), switched a feature flag in its ConfigMap, and deleted the
   * NetworkPolicy the chart ships: the release's Drift tab shows each.
   */
  static void handEditedPayments(List<Rendered> docs) {
    find(docs, "Deployment").ifPresent(d -> ((ObjectNode) d.path("spec")).put("replicas", 2));
    find(docs, "ConfigMap").ifPresent(c -> ((ObjectNode) c.path("data")).put("FEATURE_3DS2", "false"));
    ObjectNode policy = YAML.createObjectNode().put("apiVersion", "networking.k8s.io/v1").put("kind", "NetworkPolicy");
    policy.putObject("metadata").put("name", "payments-api-ingress").put("namespace", "payments");
    ObjectNode spec = policy.putObject("spec");
    spec.putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "payments-api");
    spec.putArray("policyTypes").add("Ingress");
    spec.putArray("ingress").addObject().putArray("from").addObject().putObject("namespaceSelector").putObject("matchLabels")
        .put("kubernetes.io/metadata.name", "checkout");
    docs.add(new Rendered("networkpolicy.yaml", policy));
  }
}
