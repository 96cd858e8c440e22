package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Verb;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Privileged writes, each made as the person and audited once: server-side apply (with dry-run
 * diff and conflict report), create, delete, scale, rollout restart, CronJob trigger and node cordon. Input is
 * validated completely before the first apiserver call, so bad input never causes a write.
 */
public final class ResourceActions {
  public static final String FIELD_MANAGER = "periscope";
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  private static final Set<String> PROPAGATION = Set.of("Foreground", "Background", "Orphan");
  private static final int MAX_REPLICAS = 100_000;
  /** A day: longer than any pod's own termination grace period in practice. */
  private static final int MAX_GRACE_SECONDS = 86_400;

  private final ImpersonatingClients clients;
  private final Apiserver apiserver;
  private final ActionAudit audit;
  private final Clock clock;

  public ResourceActions(ImpersonatingClients clients, Apiserver apiserver, AuditRecorder recorder, Clock clock) {
    this.clients = clients;
    this.apiserver = apiserver;
    this.audit = new ActionAudit(recorder, clock);
    this.clock = clock;
  }

  /** Result of a dry-run apply: the live object (null when it does not exist yet), the result, and the changes. */
  public record ApplyPreview(boolean dryRun, String live, String proposed, List<JsonDiff.Change> changes) {}

  public ApplyPreview dryRunApply(Caller who, ObjectAddress a, String body, boolean force) {
    ObjectNode manifest = Manifests.requireObject(Manifests.parse(body), a);
    return audit.run(who, Verb.APPLY, a, Map.of("dryRun", true, "force", force, "fieldManager", FIELD_MANAGER), () -> {
      KubernetesClient client = clients.forUser(a.cluster(), who.principal());
      ObjectNode live = getOrNull(client, a);
      ObjectNode result = patchApply(client, a, manifest, true, force);
      JsonNode before = comparable(live);
      JsonNode after = comparable(result);
      return new ApplyPreview(true, live == null ? null : ResourceReader.toYaml(before), ResourceReader.toYaml(after),
          JsonDiff.diff(before, after));
    });
  }

  /**
   * Applies the manifest. The audit row says which fields changed ({@code changed}: JSON paths, never
   * values, at most {@link #CHANGED_PATHS}), read against the object as it was just before: "what did
   * this apply do" is the question an audit row of an apply is opened for.
   */
  public ObjectNode apply(Caller who, ObjectAddress a, String body, boolean force) {
    ObjectNode manifest = Manifests.requireObject(Manifests.parse(body), a);
    return audit.runNoting(who, Verb.APPLY, a, Map.of("dryRun", false, "force", force, "fieldManager", FIELD_MANAGER), notes -> {
      KubernetesClient client = clients.forUser(a.cluster(), who.principal());
      Optional<ObjectNode> live = beforeChange(client, a);
      ObjectNode result = patchApply(client, a, manifest, false, force);
      live.ifPresent(o -> notes.put("changed", o == ABSENT ? List.of("(created)") : changedPaths(changes(a.kind(), o, result))));
      return redacted(a.kind(), result);
    });
  }

  static final int CHANGED_PATHS = 40;
  /** Stands for "no such object yet" (compared by identity). */
  private static final ObjectNode ABSENT = ResourceReader.JSON.createObjectNode();

  /**
   * What an apply changed. A Secret's values are redacted before any diff, so its keys whose value
   * changed are compared here, and only their paths kept: rotating a password is the change an audit
   * row of an apply is opened for.
   */
  private static List<JsonDiff.Change> changes(ResourceKind kind, ObjectNode before, ObjectNode after) {
    List<JsonDiff.Change> changes = new ArrayList<>(JsonDiff.diff(comparable(before), comparable(after)));
    if (kind.isCore("secrets")) {
      for (String field : List.of("data", "stringData")) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        before.path(field).fieldNames().forEachRemaining(keys::add);
        after.path(field).fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
          JsonNode was = before.path(field).get(key);
          JsonNode now = after.path(field).get(key);
          if (!java.util.Objects.equals(was, now)) {
            String op = was == null ? "add" : now == null ? "remove" : "replace";
            changes.add(new JsonDiff.Change("/" + field + "/" + key.replace("~", "~0").replace("/", "~1"), op, null, null));
          }
        }
      }
    }
    return changes;
  }

  /** The changes' paths, the first {@link #CHANGED_PATHS} and how many more. */
  static List<String> changedPaths(List<JsonDiff.Change> changes) {
    List<String> paths = new java.util.ArrayList<>(changes.stream().limit(CHANGED_PATHS).map(JsonDiff.Change::path).toList());
    if (changes.size() > CHANGED_PATHS) {
      paths.add("… " + (changes.size() - CHANGED_PATHS) + " more");
    }
    return paths;
  }

  /**
   * Creates an object from a manifest; {@code namespace} from the query (may be empty). A dry run
   * ({@code dryRun=All} to the apiserver) runs admission and validation and answers the object the
   * apiserver would create, storing nothing; it is audited as a {@code create} with {@code dryRun: true}.
   */
  public ObjectNode create(Caller who, String cluster, ResourceKind kind, String namespace, String body, boolean dryRun) {
    ObjectNode manifest = Manifests.requireKind(Manifests.parse(body), kind, namespace);
    String name = manifest.path("metadata").path("name").asText("");
    String generateName = manifest.path("metadata").path("generateName").asText("");
    if (name.isEmpty() && generateName.isEmpty()) {
      throw new Problem(ErrorCode.MANIFEST_MISMATCH, "the manifest has neither metadata.name nor metadata.generateName");
    }
    String ns = Manifests.namespaceOf(manifest);
    var a = name.isEmpty() ? ObjectAddress.unnamed(cluster, kind, kind.namespaced() ? ns : "")
        : new ObjectAddress(cluster, kind, kind.namespaced() ? ns : "", name);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("fieldManager", FIELD_MANAGER);
    q.put("dryRun", dryRun ? "All" : null);
    return audit.run(who, Verb.CREATE, a, dryRun ? Map.of("dryRun", true) : Map.of(), () -> redacted(kind, send(cluster,
        clients.forUser(cluster, who.principal()), new Apiserver.Call("POST", kind.collectionPath(ns), q, "application/json",
            "application/json", manifest.toString()))));
  }

  /**
   * Deletes the object. {@code gracePeriodSeconds} (null: the object's own) shortens a pod's
   * graceful termination; 0 is {@code kubectl delete --grace-period=0 --force}: the apiserver
   * removes the pod without waiting for its kubelet to confirm the containers stopped, which is how
   * a pod stuck terminating on a node that is gone leaves the API (its containers may still run
   * there if the node comes back).
   */
  public void delete(Caller who, ObjectAddress a, String propagationPolicy, Integer gracePeriodSeconds) {
    String policy = propagationPolicy == null || propagationPolicy.isEmpty() ? "Background" : propagationPolicy;
    if (!PROPAGATION.contains(policy)) {
      throw Problem.badRequest("propagationPolicy must be one of Foreground, Background, Orphan; got '" + policy + "'");
    }
    if (gracePeriodSeconds != null && (gracePeriodSeconds < 0 || gracePeriodSeconds > MAX_GRACE_SECONDS)) {
      throw Problem.badRequest("gracePeriodSeconds must be an integer from 0 to " + MAX_GRACE_SECONDS + ", got " + gracePeriodSeconds);
    }
    var options = ResourceReader.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions").put("propagationPolicy", policy);
    Map<String, Object> extra = new LinkedHashMap<>(Map.of("propagationPolicy", policy));
    if (gracePeriodSeconds != null) {
      options.put("gracePeriodSeconds", gracePeriodSeconds);
      extra.put("gracePeriodSeconds", gracePeriodSeconds);
    }
    audit.run(who, Verb.DELETE, a, extra, () -> send(a.cluster(),
        clients.forUser(a.cluster(), who.principal()),
        new Apiserver.Call("DELETE", a.path(), Map.of(), "application/json", "application/json", options.toString())));
  }

  /**
   * Sets a workload's replicas through its {@code scale} subresource, as {@code kubectl scale} does: a merge
   * patch of the Scale's {@code spec.replicas}, as the person. The apiserver judges it as {@code patch} on
   * {@code deployments/scale} (what a role that may scale but not edit holds, the chart's triage tier), not
   * on the object, and maps it onto a custom resource's count wherever its CRD's {@code specReplicasPath}
   * says. Answers the apiserver's {@code autoscaling/v1} Scale.
   */
  public ObjectNode scale(Caller who, ObjectAddress a, Integer replicas) {
    KindRules.require(a.kind(), KindRules.Action.SCALE);
    if (replicas == null || replicas < 0 || replicas > MAX_REPLICAS) {
      throw new Problem(ErrorCode.INVALID_REPLICAS, "replicas must be an integer from 0 to " + MAX_REPLICAS + ", got " + replicas);
    }
    String scale = a.path() + "/scale";
    String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
    // The row says from how many too: "who scaled checkout to 0, and from what" is the audit question.
    return audit.runNoting(who, Verb.SCALE, a, Map.of("replicas", replicas), notes -> {
      KubernetesClient client = clients.forUser(a.cluster(), who.principal());
      replicasBefore(client, a, scale).ifPresent(n -> notes.put("fromReplicas", n));
      return send(a.cluster(), client, new Apiserver.Call("PATCH", scale, Map.of("fieldManager", FIELD_MANAGER), "application/json",
          "application/merge-patch+json", patch));
    });
  }

  /** The Scale's {@code spec.replicas} before a scale, read as the person; empty when they may not read it (the scale still goes ahead). */
  private Optional<Integer> replicasBefore(KubernetesClient client, ObjectAddress a, String scale) {
    try {
      JsonNode n = ResourceReader.parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(scale, Map.of()))).path("spec").path("replicas");
      return n.canConvertToInt() ? Optional.of(n.asInt()) : Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  public ObjectNode restart(Caller who, ObjectAddress a) {
    KindRules.require(a.kind(), KindRules.Action.RESTART);
    String now = clock.instant().toString();
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\"" + now + "\"}}}}}";
    return audit.run(who, Verb.RESTART, a, Map.of("restartedAt", now), () -> mergePatch(who, a, patch));
  }

  /**
   * Marks a node unschedulable, or schedulable again, with the patch {@code kubectl cordon} /
   * {@code uncordon} send: new pods stop (or start again) landing on it; pods already there stay.
   */
  public ObjectNode cordon(Caller who, ObjectAddress node, boolean cordoned) {
    KindRules.require(node.kind(), KindRules.Action.CORDON);
    String patch = "{\"spec\":{\"unschedulable\":" + (cordoned ? "true" : "null") + "}}";
    return audit.run(who, cordoned ? Verb.CORDON : Verb.UNCORDON, node, Map.of(), () -> mergePatch(who, node, patch));
  }

  /**
   * Pauses a Deployment's rollouts, or resumes them, with the patch {@code kubectl rollout pause} /
   * {@code resume} send: while paused, template changes wait, and a rollback is refused. For a
   * CronJob it suspends or resumes its schedule ({@code spec.suspend}): no new Jobs start while
   * suspended; running ones go on, and a trigger still creates one.
   */
  public ObjectNode pause(Caller who, ObjectAddress target, boolean paused) {
    KindRules.require(target.kind(), KindRules.Action.PAUSE);
    String patch = target.kind().is("batch", "cronjobs") ? "{\"spec\":{\"suspend\":" + paused + "}}"
        : "{\"spec\":{\"paused\":" + (paused ? "true" : "null") + "}}";
    return audit.run(who, paused ? Verb.PAUSE : Verb.RESUME, target, Map.of(), () -> mergePatch(who, target, patch));
  }

  /**
   * A workload's revisions, newest first ({@code kubectl rollout history}), read as the person: a
   * Deployment's ReplicaSets, a StatefulSet's or DaemonSet's ControllerRevisions.
   */
  public List<Revision> revisions(Caller who, ObjectAddress workload) {
    KindRules.require(workload.kind(), KindRules.Action.ROLLBACK);
    KubernetesClient client = clients.forUser(workload.cluster(), who.principal());
    ObjectNode w = ResourceReader.parseObject(apiserver.text(workload.cluster(), client, Apiserver.Call.get(workload.path(), Map.of())));
    return isDeployment(workload)
        ? DeploymentRevisions.of(w, selected(client, workload, w, "replicasets"))
        : ControllerRevisions.of(w, selected(client, workload, w, "controllerrevisions"));
  }

  /**
   * Rolls a workload back to {@code revision} as {@code kubectl rollout undo --to-revision} does, as
   * the person: a Deployment gets the ReplicaSet's pod template and change cause (a JSON patch); a
   * StatefulSet or DaemonSet gets the ControllerRevision's data (a strategic merge patch). Its
   * controller then rolls the pods out again.
   */
  public ObjectNode rollback(Caller who, ObjectAddress workload, long revision) {
    KindRules.require(workload.kind(), KindRules.Action.ROLLBACK);
    if (revision < 1) {
      throw new Problem(ErrorCode.INVALID_REVISION, "revision must be a positive whole number, was " + revision);
    }
    return audit.run(who, Verb.ROLLBACK, workload, Map.of("toRevision", revision), () -> {
      KubernetesClient client = clients.forUser(workload.cluster(), who.principal());
      ObjectNode w = ResourceReader.parseObject(apiserver.text(workload.cluster(), client, Apiserver.Call.get(workload.path(), Map.of())));
      Map<String, String> q = Map.of("fieldManager", FIELD_MANAGER);
      Apiserver.Call call = isDeployment(workload)
          ? new Apiserver.Call("PATCH", workload.path(), q, "application/json", "application/json-patch+json",
              DeploymentRevisions.rollbackPatch(w, selected(client, workload, w, "replicasets"), revision).toString())
          : new Apiserver.Call("PATCH", workload.path(), q, "application/json", "application/strategic-merge-patch+json",
              ControllerRevisions.rollbackPatch(w, selected(client, workload, w, "controllerrevisions"), revision).toString());
      return send(workload.cluster(), client, call);
    });
  }

  private static boolean isDeployment(ObjectAddress a) {
    return a.kind().is("apps", "deployments");
  }

  /**
   * The namespace's {@code plural} (apps/v1) that the workload's selector picks, its own among them;
   * all of them when it selects with expressions (ownership is checked on each).
   */
  private JsonNode selected(KubernetesClient client, ObjectAddress workload, JsonNode w, String plural) {
    JsonNode selector = w.path("spec").path("selector");
    Map<String, String> q = new LinkedHashMap<>();
    if (selector.path("matchExpressions").isEmpty() && !selector.path("matchLabels").isEmpty()) {
      List<String> terms = new ArrayList<>();
      selector.path("matchLabels").properties().forEach(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
      q.put("labelSelector", String.join(",", terms));
    }
    String path = "/apis/apps/v1/namespaces/" + workload.namespace() + "/" + plural;
    return ResourceReader.parseObject(apiserver.text(workload.cluster(), client, Apiserver.Call.get(path, q))).path("items");
  }

  /** Creates a Job from a CronJob's template, owned by the CronJob (like {@code kubectl create job --from}). */
  public ObjectNode trigger(Caller who, ObjectAddress cronJob) {
    KindRules.require(cronJob.kind(), KindRules.Action.TRIGGER);
    String suffix = "-manual-" + Long.toString(clock.millis() / 1000 % 1_000_000_000L, 36);
    String jobName = trim(cronJob.name(), 63 - suffix.length()) + suffix;
    return audit.run(who, Verb.TRIGGER, cronJob, Map.of("job", jobName), () -> {
      KubernetesClient client = clients.forUser(cronJob.cluster(), who.principal());
      ObjectNode cj = ResourceReader.parseObject(apiserver.text(cronJob.cluster(), client, Apiserver.Call.get(cronJob.path(), Map.of())));
      ObjectNode job = CronJobs.jobFrom(cj, jobName);
      return send(cronJob.cluster(), client, new Apiserver.Call("POST", "/apis/batch/v1/namespaces/" + cronJob.namespace() + "/jobs",
          Map.of("fieldManager", FIELD_MANAGER), "application/json", "application/json", job.toString()));
    });
  }

  /**
   * Evicts a pod through its {@code eviction} subresource, so PodDisruptionBudgets are honoured: when
   * one forbids it the apiserver answers 429 and its own sentence (which budget, how many disruptions
   * are allowed) is the error the person sees.
   */
  /** Evicts a pod; {@code drain} names the node whose drain this is a step of, kept in the audit row. */
  public void evict(Caller who, ObjectAddress pod, java.util.Optional<String> drain) {
    KindRules.require(pod.kind(), KindRules.Action.EVICT);
    String eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod.name()
        + "\",\"namespace\":\"" + pod.namespace() + "\"}}";
    audit.run(who, Verb.EVICT, pod, drain.<Map<String, Object>>map(node -> Map.of("drain", node)).orElse(Map.of()), () -> {
      try {
        return send(pod.cluster(), clients.forUser(pod.cluster(), who.principal()), new Apiserver.Call("POST", pod.path() + "/eviction",
            Map.of(), "application/json", "application/json", eviction));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 429) {
          throw new Problem(ErrorCode.EVICTION_REFUSED, "the apiserver refused to evict pod " + pod.namespace() + "/" + pod.name()
              + ": " + io.periscope.problem.KubernetesErrors.message(e) + causes(e));
        }
        throw e;
      }
    });
  }

  /** An ephemeral container added to a pod, and the pod as the apiserver answered. */
  public record Debugging(String container, ObjectNode pod) {}

  /**
   * Adds an ephemeral debug container to a pod ({@code kubectl debug -it POD --image=IMAGE
   * [--target=CONTAINER]}): a strategic merge patch of its {@code ephemeralcontainers} subresource,
   * as the person. The container starts on its own; a shell in it is an exec like any other.
   */
  public Debugging debug(Caller who, ObjectAddress pod, String image, String target) {
    KindRules.require(pod.kind(), KindRules.Action.DEBUG);
    DebugContainer container = DebugContainer.of(image, target, java.util.concurrent.ThreadLocalRandom.current());
    Map<String, Object> extra = new LinkedHashMap<>(Map.of("container", container.name(), "image", container.image()));
    if (container.target() != null) {
      extra.put("target", container.target());
    }
    return audit.run(who, Verb.DEBUG, pod, extra, () -> new Debugging(container.name(), send(pod.cluster(),
        clients.forUser(pod.cluster(), who.principal()), new Apiserver.Call("PATCH", pod.path() + "/ephemeralcontainers", Map.of(),
            "application/json", "application/strategic-merge-patch+json", container.patch()))));
  }

  /** The Status causes (for an eviction: which budget, how many pods it needs), as " (a; b)". */
  private static String causes(KubernetesClientException e) {
    var status = e.getStatus();
    if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null || status.getDetails().getCauses().isEmpty()) {
      return "";
    }
    return " (" + String.join("; ", status.getDetails().getCauses().stream().map(c -> String.valueOf(c.getMessage())).toList()) + ")";
  }

  /** A Secret's values (base64 as stored), all keys or one; the only route that returns them. */
  public record Revealed(String namespace, String name, String type, Map<String, String> data) {}

  public Revealed reveal(Caller who, ObjectAddress a, String key) {
    KindRules.require(a.kind(), KindRules.Action.REVEAL);
    Map<String, Object> extra = key == null || key.isEmpty() ? Map.of() : Map.of("key", key);
    return audit.run(who, Verb.SECRET_REVEAL, a, extra, () -> {
      ObjectNode secret = secretWithValues(who, a);
      Map<String, String> data = new java.util.TreeMap<>();
      secret.path("data").fields().forEachRemaining(e -> {
        if (extra.isEmpty() || e.getKey().equals(key)) {
          data.put(e.getKey(), e.getValue().asText());
        }
      });
      if (!extra.isEmpty() && data.isEmpty()) {
        throw new Problem(ErrorCode.KEY_NOT_FOUND, "secret " + a.name() + " has no key '" + key + "'");
      }
      return new Revealed(a.namespace(), a.name(), secret.path("type").asText(""), data);
    });
  }

  /**
   * A Secret's certificate chain ({@code tls.crt}): who it is for, who signed it, until when. It reads
   * the Secret's value, so it is audited as a reveal of that one key; the private key never leaves.
   */
  public io.periscope.tls.CertificateChain certificate(Caller who, ObjectAddress a) {
    KindRules.require(a.kind(), KindRules.Action.REVEAL);
    return audit.run(who, Verb.SECRET_REVEAL, a, Map.of("key", "tls.crt", "view", "certificate"), () -> {
      ObjectNode secret = secretWithValues(who, a);
      String pem = secret.path("data").path("tls.crt").asText("");
      if (pem.isEmpty()) {
        throw new Problem(ErrorCode.CERTIFICATE_UNREADABLE, "secret " + a.name() + " has no tls.crt (type " + secret.path("type").asText("?") + ")");
      }
      try {
        return io.periscope.tls.CertificateChain.parse(java.util.Base64.getDecoder().decode(pem), clock);
      } catch (IllegalArgumentException e) {
        throw new Problem(ErrorCode.CERTIFICATE_UNREADABLE, "secret " + a.name() + ": " + e.getMessage());
      }
    });
  }

  /** The Secret as the apiserver answers it to the person, values included: only the audited reveals call this. */
  private ObjectNode secretWithValues(Caller who, ObjectAddress a) {
    KubernetesClient client = clients.forUser(a.cluster(), who.principal());
    return ResourceReader.parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(a.path(), Map.of())));
  }

  private ObjectNode mergePatch(Caller who, ObjectAddress a, String patch) {
    return redacted(a.kind(), send(a.cluster(), clients.forUser(a.cluster(), who.principal()), new Apiserver.Call("PATCH", a.path(),
        Map.of("fieldManager", FIELD_MANAGER), "application/json", "application/merge-patch+json", patch)));
  }

  private ObjectNode patchApply(KubernetesClient client, ObjectAddress a, ObjectNode manifest, boolean dryRun, boolean force) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("fieldManager", FIELD_MANAGER);
    q.put("force", force ? "true" : null);
    q.put("dryRun", dryRun ? "All" : null);
    try {
      return send(a.cluster(), client, new Apiserver.Call("PATCH", a.path(), q, "application/json", "application/apply-patch+yaml",
          ResourceReader.toYaml(manifest)));
    } catch (KubernetesClientException e) {
      Problem refusal = e.getCode() != 409 ? null : ApplyRefusals.of(e, a,
          manifest.path("metadata").path("resourceVersion").asText(""), () -> liveResourceVersion(client, a));
      throw refusal != null ? refusal : e;
    }
  }

  /** The object's resourceVersion now, for the message of a stale apply; null when it cannot be read (gone, say). */
  private String liveResourceVersion(KubernetesClient client, ObjectAddress a) {
    try {
      ObjectNode live = getOrNull(client, a);
      return live == null ? null : live.path("metadata").path("resourceVersion").asText(null);
    } catch (KubernetesClientException | Problem e) {
      return null;
    }
  }

  /**
   * The object before a change, for its audit row: {@link #ABSENT} when it does not exist yet, empty
   * when the person may not read it (the change still goes ahead).
   */
  private Optional<ObjectNode> beforeChange(KubernetesClient client, ObjectAddress a) {
    try {
      ObjectNode live = getOrNull(client, a);
      return Optional.of(live == null ? ABSENT : live);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private ObjectNode getOrNull(KubernetesClient client, ObjectAddress a) {
    try {
      return ResourceReader.parseObject(apiserver.text(a.cluster(), client, Apiserver.Call.get(a.path(), Map.of())));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private ObjectNode send(String cluster, KubernetesClient client, Apiserver.Call call) {
    String text = apiserver.text(cluster, client, call);
    return text.isBlank() ? ResourceReader.JSON.createObjectNode() : ResourceReader.parseObject(text);
  }

  private static ObjectNode redacted(ResourceKind kind, ObjectNode o) {
    if (SecretRedaction.applies(kind)) {
      SecretRedaction.redact(o);
    }
    return o;
  }

  /** Drops fields that change on every write and would drown the real changes. */
  private static JsonNode comparable(ObjectNode o) {
    if (o == null) {
      return null;
    }
    ObjectNode copy = o.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove(List.of("managedFields", "resourceVersion", "generation"));
    }
    if ("Secret".equals(copy.path("kind").asText())) {
      SecretRedaction.redact(copy);
    }
    return copy;
  }

  private static String trim(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
