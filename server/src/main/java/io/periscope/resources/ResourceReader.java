package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.authz.Principal;
import io.periscope.json.Yaml;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads objects as the person: lists streamed from the apiserver (Table format when it offers
 * it) or, for kinds the opt-in {@link ListCache} follows, served from it once an access review
 * allows the person the list; single objects, YAML, events and owner/owned relations. Secret values never leave here.
 */
public final class ResourceReader {
  static final ObjectMapper JSON = io.periscope.json.Json.mapper();
  private static final int MAX_OWNER_DEPTH = 8;
  private static final Logger log = LoggerFactory.getLogger(ResourceReader.class);
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final String AUTOSCALING_GROUP = "autoscaling";

  private final ImpersonatingClients clients;
  private final Apiserver apiserver;
  private final Discovery discovery;
  private final ListCache listCache;

  public ResourceReader(ImpersonatingClients clients, Apiserver apiserver, Discovery discovery, ListCache listCache) {
    this.clients = clients;
    this.apiserver = apiserver;
    this.discovery = discovery;
    this.listCache = listCache;
  }

  /** How the apiserver answered a list: a {@code Table} or a plain {@code *List}. */
  public enum ListFormat { TABLE, LIST }

  /**
   * Streams a list to the sink (a callback, so the caller can set headers first). When
   * {@code gzipWelcome} the list may arrive gzip-compressed as the apiserver sent it; the sink is told.
   */
  public void list(Principal who, String cluster, ResourceKind kind, ListQuery q, boolean gzipWelcome, ListSink sink) {
    var cached = listCache.page(who, cluster, kind, q);
    if (cached.isPresent()) {
      try {
        CachedListWriter.write(cached.get(), gzipWelcome, sink);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + kind.plural() + " of cluster '" + cluster + "' from the list cache", e);
      }
      return;
    }
    Map<String, String> params = new java.util.LinkedHashMap<>(q.apiserverParams());
    if (kind.group().equals(RBAC_GROUP) || kind.group().equals(AUTOSCALING_GROUP) || kind.isCore("resourcequotas")) {
      // A Table row's metadata alone has no rules or subjects to count, nor an autoscaler's target and
      // bounds (a workload's Summary finds its HorizontalPodAutoscaler in the list), nor a quota's used
      // and hard amounts (a namespace's Summary shows them); these lists are small. (A caller may have asked already.)
      params.put("includeObject", "Object");
    }
    var call = Apiserver.Call.get(kind.collectionPath(q.namespace()), params).accept(acceptFor(kind));
    try {
      var transport = clients.listTransportForUser(cluster, who);
      if (transport.isPresent() && !SecretRedaction.applies(kind)) {
        // The fast path: the apiserver's bytes go from the transport's buffers to the browser as they are.
        Apiserver.PipeSink to = head -> sink.open(format(head.contentType()), head.contentLength(), head.contentEncoding(), false);
        apiserver.relay(cluster, transport.get().http(), transport.get().masterUrl(), call, gzipWelcome, to);
        return;
      }
      try (var body = apiserver.stream(cluster, clients.forUser(cluster, who), call)) {
        if (SecretRedaction.applies(kind)) {
          SecretRedaction.copy(body.body(), sink.open(format(body.contentType()), -1, null, false));
        } else {
          body.body().transferTo(sink.open(format(body.contentType()), body.contentLength(), null, false));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("streaming " + kind.plural() + " of cluster '" + cluster + "'", e);
    }
  }

  /**
   * Opens the cluster's list transport before the first list needs it: one {@code GET /version}
   * (public to every authenticated client) through it as the server, its answer dropped, so the
   * first person's list does not pay for the connection (a TLS handshake with a remote apiserver)
   * or the relay's first run. A failure is left to the first list to meet and report.
   */
  public void openListTransport(String cluster) {
    try {
      var transport = clients.listTransportForServer(cluster);
      if (transport.isPresent()) {
        apiserver.relay(cluster, transport.get().http(), transport.get().masterUrl(), Apiserver.Call.get("/version", Map.of()),
            head -> OutputStream.nullOutputStream());
      }
    } catch (IOException | RuntimeException e) {
      log.info("cluster '{}': the list transport could not be opened ahead ({}); the first list opens it", cluster, e.toString());
    }
  }

  /**
   * A Table where the apiserver's columns are what a person reads; the plain list for the metrics API
   * (metrics-server's Table carries names and ages only, the usage is in the objects).
   */
  static String acceptFor(ResourceKind kind) {
    return kind.group().equals("metrics.k8s.io") ? "application/json" : Apiserver.TABLE_ACCEPT;
  }

  private static ListFormat format(String contentType) {
    return contentType != null && contentType.contains("as=Table") ? ListFormat.TABLE : ListFormat.LIST;
  }

  /**
   * Where a streamed list goes once its format, length (-1 when unknown), content encoding (null
   * when the bytes are plain JSON) and source (the apiserver, or Periscope's list cache) are known.
   */
  @FunctionalInterface
  public interface ListSink {
    OutputStream open(ListFormat format, long contentLength, String contentEncoding, boolean fromCache) throws IOException;
  }

  /** One object as JSON, Secret values removed. */
  public ObjectNode get(Principal who, ObjectAddress a) {
    ObjectNode o = fetch(clients.forUser(a.cluster(), who), a);
    if (SecretRedaction.applies(a.kind())) {
      SecretRedaction.redact(o);
    }
    return o;
  }

  /** One object as YAML without managedFields (and without Secret values). */
  public String yaml(Principal who, ObjectAddress a) {
    ObjectNode o = get(who, a);
    if (o.get("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return toYaml(o);
  }

  static String toYaml(JsonNode node) {
    return Yaml.write(node);
  }

  ObjectNode fetch(KubernetesClient client, ObjectAddress a) {
    return parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(a.path(), Map.of())));
  }

  static ObjectNode parseObject(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException | ClassCastException e) {
      throw new io.fabric8.kubernetes.client.KubernetesClientException("the apiserver answered something that is not a JSON object");
    }
  }

  /**
   * Events whose involvedObject is this object and, with {@code childKinds}, of what it owns down two levels (a
   * Deployment's ReplicaSets and their pods, a CronJob's Jobs and theirs): why a workload is not
   * ready is usually written on its pods. Oldest first; the owned objects and the namespace's
   * events are listed as the person, and a list they may not read leaves its events out.
   */
  public List<JsonNode> events(Principal who, ObjectAddress a, List<ResourceKind> childKinds) {
    KubernetesClient client = clients.forUser(a.cluster(), who);
    ObjectNode target = fetch(client, a);
    String uid = target.path("metadata").path("uid").asText();
    Set<String> owned = childKinds.isEmpty() || uid.isEmpty() ? Set.of() : ownedTree(client, a, uid, childKinds);
    String path = "/api/v1" + (a.namespace().isEmpty() ? "" : "/namespaces/" + a.namespace()) + "/events";
    Map<String, String> query = owned.isEmpty()
        ? Map.of("fieldSelector", "involvedObject.name=" + a.name() + ",involvedObject.kind=" + a.kind().kind()
            + (a.namespace().isEmpty() ? "" : ",involvedObject.namespace=" + a.namespace()))
        : Map.of();
    JsonNode list = parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(path, query)));
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : list.path("items")) {
      JsonNode io = e.path("involvedObject");
      // Filter again: not every apiserver (or test peer) honours every field selector.
      boolean same = io.path("name").asText().equals(a.name()) && io.path("kind").asText().equals(a.kind().kind())
          && (uid.isEmpty() || io.path("uid").asText(uid).equals(uid));
      // An event without a uid (some emitters leave it out) is matched on its object's kind and name.
      String ownedKey = io.path("uid").asText("").isEmpty() ? io.path("kind").asText() + "/" + io.path("name").asText() : io.path("uid").asText();
      if (same || owned.contains(ownedKey)) {
        out.add(e);
      }
    }
    out.sort(java.util.Comparator.comparing(e -> e.path("lastTimestamp").asText(e.path("eventTime").asText(""))));
    return out;
  }

  /** A reference to a related object, as shown in the details pane. */
  public record Related(String group, String version, String kind, String plural, String namespace, String name, String uid) {}

  /** An object whose pod spec refers to the one asked about, and how (see {@link PodSpecReferences}). */
  public record Use(Related object, List<String> how) {}

  /**
   * Owner chain (nearest first), directly owned objects, and for a ConfigMap, Secret,
   * PersistentVolumeClaim or ServiceAccount the workloads and bare pods that use it.
   */
  public record Relations(List<Related> owners, List<Related> owned, List<Use> usedBy, List<String> problems) {}

  /** The objects that carry pod specs, and where: a ReplicaSet, Job or Pod only when nothing controls it (its controller is listed). */
  private record SpecHolder(String apiVersion, String kind, boolean onlyUncontrolled, String... path) {}

  private static final List<SpecHolder> SPEC_HOLDERS = List.of(
      new SpecHolder("apps/v1", "Deployment", false, "spec", "template", "spec"),
      new SpecHolder("apps/v1", "StatefulSet", false, "spec", "template", "spec"),
      new SpecHolder("apps/v1", "DaemonSet", false, "spec", "template", "spec"),
      new SpecHolder("apps/v1", "ReplicaSet", true, "spec", "template", "spec"),
      new SpecHolder("batch/v1", "CronJob", false, "spec", "jobTemplate", "spec", "template", "spec"),
      new SpecHolder("batch/v1", "Job", true, "spec", "template", "spec"),
      new SpecHolder("v1", "Pod", true, "spec"));

  public Relations relations(Principal who, ObjectAddress a, List<ResourceKind> childKinds) {
    KubernetesClient client = clients.forUser(a.cluster(), who);
    ObjectNode self = fetch(client, a);
    List<String> problems = new ArrayList<>();
    List<Related> owners = new ArrayList<>();
    JsonNode current = self;
    for (int depth = 0; depth < MAX_OWNER_DEPTH; depth++) {
      JsonNode ref = controllerRef(current);
      if (ref == null) {
        break;
      }
      var kind = discovery.byKind(a.cluster(), ref.path("apiVersion").asText(), ref.path("kind").asText());
      if (kind.isEmpty()) {
        problems.add("owner kind " + ref.path("apiVersion").asText() + "/" + ref.path("kind").asText() + " is not served");
        break;
      }
      var owner = new ObjectAddress(a.cluster(), kind.get(), a.namespace(), ref.path("name").asText());
      owners.add(related(kind.get(), owner.namespace(), owner.name(), ref.path("uid").asText()));
      try {
        current = fetch(client, owner);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        problems.add(owner + ": " + io.periscope.problem.KubernetesErrors.message(e));
        break;
      }
    }
    List<Related> owned = owned(client, a, self, childKinds, problems);
    boolean referable = a.kind().urlGroup().equals("core") && PodSpecReferences.KINDS.contains(a.kind().plural());
    return new Relations(owners, owned, referable ? usedBy(client, a, problems) : List.of(), problems);
  }

  /** The workloads (and bare pods) in the object's namespace whose pod spec refers to it, read as the person. */
  private List<Use> usedBy(KubernetesClient client, ObjectAddress a, List<String> problems) {
    List<Use> out = new ArrayList<>();
    for (SpecHolder holder : SPEC_HOLDERS) {
      var kind = discovery.byKind(a.cluster(), holder.apiVersion(), holder.kind());
      if (kind.isEmpty()) {
        continue;
      }
      for (JsonNode item : itemsOf(client, a, kind.get(), problems)) {
        if (holder.onlyUncontrolled() && controllerRef(item) != null) {
          continue;
        }
        JsonNode spec = item;
        for (String step : holder.path()) {
          spec = spec.path(step);
        }
        JsonNode m = item.path("metadata");
        boolean statefulSet = holder.kind().equals("StatefulSet");
        List<String> how = PodSpecReferences.of(spec, a.kind().plural(), a.name(), statefulSet ? m.path("name").asText() : null,
            statefulSet ? item.path("spec").path("volumeClaimTemplates") : com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        if (!how.isEmpty()) {
          out.add(new Use(related(kind.get(), m.path("namespace").asText(""), m.path("name").asText(), m.path("uid").asText()), how));
        }
      }
    }
    return out;
  }

  /** The objects of a kind in the object's namespace, as the person; a list they may not read names itself in {@code problems}. */
  private List<JsonNode> itemsOf(KubernetesClient client, ObjectAddress a, ResourceKind kind, List<String> problems) {
    try {
      JsonNode list = parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(kind.collectionPath(a.namespace()), Map.of())));
      List<JsonNode> out = new ArrayList<>();
      list.path("items").forEach(out::add);
      return out;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      problems.add(kind.plural() + ": " + io.periscope.problem.KubernetesErrors.message(e));
      return List.of();
    }
  }

  private List<Related> owned(KubernetesClient client, ObjectAddress a, JsonNode self, List<ResourceKind> childKinds, List<String> problems) {
    String uid = self.path("metadata").path("uid").asText();
    List<Related> out = new ArrayList<>();
    for (ResourceKind child : childKinds) {
      for (JsonNode item : itemsOf(client, a, child, problems)) {
        for (JsonNode ref : item.path("metadata").path("ownerReferences")) {
          if (ref.path("uid").asText().equals(uid)) {
            JsonNode m = item.path("metadata");
            out.add(related(child, m.path("namespace").asText(""), m.path("name").asText(), m.path("uid").asText()));
          }
        }
      }
    }
    return out;
  }

  /**
   * What {@code uid} owns, and what those own (two levels), as far as the person may list them:
   * each by its uid and by {@code Kind/name}. A list they may not read leaves its objects out.
   */
  private Set<String> ownedTree(KubernetesClient client, ObjectAddress a, String uid, List<ResourceKind> childKinds) {
    Set<String> found = new java.util.HashSet<>();
    Set<String> parents = Set.of(uid);
    List<ResourceKind> kinds = childKinds;
    List<String> unread = new ArrayList<>();
    for (int depth = 0; depth < 2 && !parents.isEmpty() && !kinds.isEmpty(); depth++) {
      Set<String> next = new java.util.HashSet<>();
      List<ResourceKind> nextKinds = new ArrayList<>();
      for (ResourceKind child : kinds) {
        for (JsonNode item : itemsOf(client, a, child, unread)) {
          for (JsonNode ref : item.path("metadata").path("ownerReferences")) {
            if (parents.contains(ref.path("uid").asText())) {
              next.add(item.path("metadata").path("uid").asText());
              found.add(child.kind() + "/" + item.path("metadata").path("name").asText());
            }
          }
        }
        nextKinds.addAll(KindRules.childKinds(discovery.snapshot(a.cluster()), child));
      }
      found.addAll(next);
      parents = next;
      kinds = nextKinds;
    }
    if (!unread.isEmpty()) {
      log.debug("events of what {} owns leave out {}", a, unread);
    }
    return found;
  }

  private static JsonNode controllerRef(JsonNode object) {
    JsonNode first = null;
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
      first = first == null ? ref : first;
    }
    return first;
  }

  private static Related related(ResourceKind k, String namespace, String name, String uid) {
    return new Related(k.urlGroup(), k.version(), k.kind(), k.plural(), namespace, name, uid);
  }
}
