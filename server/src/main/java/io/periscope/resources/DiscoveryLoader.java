package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a cluster's discovery plus the CustomResourceDefinitions and merges them into one kind
 * list. {@code /api}, {@code /apis} and the CRDs are asked at once; {@code /api} and {@code /apis}
 * ask for aggregated discovery ({@code apidiscovery.k8s.io/v2}, or v2beta1 from 1.26), which lists
 * every group's resources in those two answers. An apiserver that answers in the older format
 * instead ({@code APIVersions}, {@code APIGroupList}) gets a second round: each group's versions,
 * concurrently. CRDs are read directly so a new CRD shows up even before its group appears in
 * discovery; a group that fails (an aggregated API that is down, or marked stale in the aggregated
 * answer) is reported as a problem, not a failure.
 */
final class DiscoveryLoader {
  static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  /** Aggregated discovery first (GA in 1.30, beta from 1.26), then the older documents. */
  static final String AGGREGATED_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  private static final String AGGREGATED_KIND = "APIGroupDiscoveryList";
  private static final ObjectMapper JSON = Json.mapper();
  private static final Set<String> ALL_VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final Apiserver apiserver;

  DiscoveryLoader(Apiserver apiserver) {
    this.apiserver = apiserver;
  }

  /** Kinds keyed by {@code group/version/plural}, plus problems with individual groups. */
  record Loaded(Map<String, ResourceKind> kinds, List<String> problems, String crdFingerprint) {}

  Loaded load(String cluster, KubernetesClient client) {
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<JsonNode> core = pool.submit((Callable<JsonNode>) () -> readRoot(cluster, client, "/api", "versions"));
      Future<JsonNode> groups = pool.submit((Callable<JsonNode>) () -> readRoot(cluster, client, "/apis", "groups"));
      Future<JsonNode> crds = pool.submit((Callable<JsonNode>) () -> read(cluster, client, CRDS));
      Map<String, ResourceKind> kinds = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      List<String> groupVersions = new ArrayList<>();
      Set<String> preferred = new HashSet<>();
      JsonNode coreDoc = rootAnswer(core);
      JsonNode groupsDoc = rootAnswer(groups);
      if (isAggregated(coreDoc)) {
        addAggregated(kinds, coreDoc, problems);
      } else {
        for (JsonNode v : coreDoc.path("versions")) {
          groupVersions.add(v.asText());
          preferred.add(v.asText());
        }
      }
      if (isAggregated(groupsDoc)) {
        addAggregated(kinds, groupsDoc, problems);
      } else {
        for (JsonNode g : groupsDoc.path("groups")) {
          preferred.add(g.path("preferredVersion").path("groupVersion").asText(""));
          for (JsonNode v : g.path("versions")) {
            String gv = v.path("groupVersion").asText("");
            if (!gv.isEmpty() && !groupVersions.contains(gv)) {
              groupVersions.add(gv);
            }
          }
        }
      }
      addGroupVersions(pool, cluster, client, groupVersions, preferred, kinds, problems);
      String fingerprint;
      try {
        JsonNode list = crds.get();
        addCrds(kinds, list);
        fingerprint = fingerprint(list);
      } catch (ExecutionException ex) {
        problems.add("customresourcedefinitions: " + ex.getCause().getMessage());
        fingerprint = "";
      }
      return new Loaded(kinds, problems, fingerprint);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(ErrorCode.INTERRUPTED, "discovery of cluster '" + cluster + "' was interrupted");
    }
  }

  /** The older format's second round: each group version's resource list, concurrently. */
  private void addGroupVersions(java.util.concurrent.ExecutorService pool, String cluster, KubernetesClient client, List<String> groupVersions,
      Set<String> preferred, Map<String, ResourceKind> kinds, List<String> problems) throws InterruptedException {
    Map<String, Future<JsonNode>> docs = new LinkedHashMap<>();
    for (String gv : groupVersions) {
      String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
      docs.put(gv, pool.submit((Callable<JsonNode>) () -> read(cluster, client, path)));
    }
    for (var e : docs.entrySet()) {
      try {
        addResourceList(kinds, e.getKey(), e.getValue().get(), preferred.contains(e.getKey()));
      } catch (ExecutionException ex) {
        problems.add(e.getKey() + ": " + ex.getCause().getMessage());
      }
    }
  }

  /** {@code /api} or {@code /apis}, aggregated when the apiserver serves it; without them there is no discovery at all. */
  private JsonNode readRoot(String cluster, KubernetesClient client, String path, String legacyField) {
    JsonNode doc = parse(apiserver.text(cluster, client, Apiserver.Call.get(path, Map.of()).accept(AGGREGATED_ACCEPT)));
    if (!isAggregated(doc) && !doc.path(legacyField).isArray()) {
      throw new KubernetesClientException("GET " + path + " did not answer a discovery document (kind '" + doc.path("kind").asText() + "')");
    }
    return doc;
  }

  private static JsonNode rootAnswer(Future<JsonNode> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new KubernetesClientException("discovery failed: " + e.getCause().getMessage());
    }
  }

  private static boolean isAggregated(JsonNode doc) {
    return AGGREGATED_KIND.equals(doc.path("kind").asText());
  }

  /**
   * Every group of an aggregated answer; a group's first version is its preferred one. A version
   * marked {@code Stale} (its aggregated API server did not answer) is left out and reported, as
   * the older format's failed group documents are.
   */
  private static void addAggregated(Map<String, ResourceKind> kinds, JsonNode list, List<String> problems) {
    for (JsonNode group : list.path("items")) {
      String name = group.path("metadata").path("name").asText("");
      boolean first = true;
      for (JsonNode v : group.path("versions")) {
        String version = v.path("version").asText("");
        boolean preferred = first;
        first = false;
        String gv = name.isEmpty() ? version : name + "/" + version;
        if ("Stale".equals(v.path("freshness").asText())) {
          problems.add(gv + ": the apiserver marks this version's discovery stale (its API server did not answer)");
          continue;
        }
        for (JsonNode r : v.path("resources")) {
          String plural = r.path("resource").asText("");
          if (plural.isEmpty() || version.isEmpty()) {
            continue;
          }
          Set<String> subresources = new HashSet<>();
          r.path("subresources").forEach(sub -> subresources.add(sub.path("subresource").asText()));
          kinds.put(key(name, version, plural), new ResourceKind(name, version, r.path("responseKind").path("kind").asText(), plural,
              "Namespaced".equals(r.path("scope").asText()), strings(r.path("verbs")), List.copyOf(strings(r.path("shortNames"))),
              subresources, preferred));
        }
      }
    }
  }

  /** Names and resourceVersions of the CRDs; changes exactly when a CRD is added, edited or removed. */
  String crdFingerprint(String cluster, KubernetesClient client) {
    return fingerprint(parse(apiserver.text(cluster, client, Apiserver.Call.get(CRDS, Map.of()).accept(Apiserver.METADATA_ACCEPT))));
  }

  private static String fingerprint(JsonNode list) {
    List<String> parts = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      parts.add(item.path("metadata").path("name").asText() + "@" + item.path("metadata").path("resourceVersion").asText());
    }
    parts.sort(null);
    return String.join(",", parts);
  }

  private JsonNode read(String cluster, KubernetesClient client, String path) {
    return parse(apiserver.text(cluster, client, Apiserver.Call.get(path, Map.of())));
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new KubernetesClientException("discovery document is not JSON: " + e.getMessage());
    }
  }

  private static void addResourceList(Map<String, ResourceKind> kinds, String groupVersion, JsonNode doc, boolean preferred) {
    String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
    String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
    Map<String, Set<String>> subresources = new LinkedHashMap<>();
    for (JsonNode r : doc.path("resources")) {
      String name = r.path("name").asText();
      int slash = name.indexOf('/');
      if (slash > 0) {
        subresources.computeIfAbsent(name.substring(0, slash), k -> new HashSet<>()).add(name.substring(slash + 1));
      }
    }
    for (JsonNode r : doc.path("resources")) {
      String name = r.path("name").asText();
      if (name.isEmpty() || name.contains("/")) {
        continue;
      }
      kinds.put(key(group, version, name), new ResourceKind(group, version, r.path("kind").asText(), name,
          r.path("namespaced").asBoolean(), strings(r.path("verbs")), List.copyOf(strings(r.path("shortNames"))),
          subresources.getOrDefault(name, Set.of()), preferred));
    }
  }

  private static void addCrds(Map<String, ResourceKind> kinds, JsonNode list) {
    for (JsonNode crd : list.path("items")) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      String plural = spec.path("names").path("plural").asText();
      for (JsonNode v : spec.path("versions")) {
        if (!v.path("served").asBoolean(true) || group.isEmpty() || plural.isEmpty()) {
          continue;
        }
        Set<String> sub = new HashSet<>();
        v.path("subresources").fieldNames().forEachRemaining(sub::add);
        kinds.putIfAbsent(key(group, v.path("name").asText(), plural), new ResourceKind(group, v.path("name").asText(),
            spec.path("names").path("kind").asText(), plural, !"Cluster".equals(spec.path("scope").asText()), ALL_VERBS,
            List.copyOf(strings(spec.path("names").path("shortNames"))), sub, v.path("storage").asBoolean(false)));
      }
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new java.util.LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
