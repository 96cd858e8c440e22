package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The Table columns a Kubernetes 1.31 apiserver prints for the built-in kinds (its
 * {@code pkg/printers/internalversion} handlers: what {@code kubectl get} shows, wide columns at
 * priority 1), written from the documented output, for the demo apiserver's {@code as=Table}
 * answers. Kinds without a printer get the apiserver's default: Name and Created At.
 */
final class KubectlPrinters {
  /** One column: its definition and how a row's cell is computed from the object at {@code now}. */
  record Column(String name, String type, String format, String description, int priority, BiFunction<JsonNode, Instant, Object> cell) {}

  static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow"
      + " a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and"
      + " configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String CREATED_DOC = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not"
      + " guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339"
      + " form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info:"
      + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
  static final String NONE = "<none>";

  private static final Map<String, List<Column>> BY_KIND = Map.ofEntries(
      Map.entry("/pods", List.of(name(),
          col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.", 0, (o, now) -> podReady(o)),
          col("Status", "string", "The aggregate status of the containers in this pod.", 0, (o, now) -> podStatus(o)),
          col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod"
              + " has restarted.", 0, KubectlPrinters::podRestarts),
          age(),
          col("IP", "string", "podIP address allocated to the pod.", 1, (o, now) -> orNone(text(o, "status", "podIP"))),
          col("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1, (o, now) -> orNone(text(o, "spec", "nodeName"))),
          col("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1,
              (o, now) -> orNone(text(o, "status", "nominatedNodeName"))),
          col("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1,
              (o, now) -> readinessGates(o)))),
      Map.entry("apps/deployments", List.of(name(),
          col("Ready", "string", "Number of the pod with ready state", 0, (o, now) -> readyOfDesired(o)),
          col("Up-to-date", "integer", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", 0,
              (o, now) -> integer(o, "status", "updatedReplicas")),
          col("Available", "integer", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", 0,
              (o, now) -> integer(o, "status", "availableReplicas")),
          age(), containers(), images(), selector())),
      Map.entry("/resourcequotas", List.of(name(), age(),
          col("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume.", 0,
              (o, now) -> quotaCells(o, false)),
          col("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.", 0,
              (o, now) -> quotaCells(o, true)))),
      Map.entry("discovery.k8s.io/endpointslices", List.of(name(),
          col("AddressType", "string", "Type of address carried by this EndpointSlice", 0, (o, now) -> text(o, "addressType")),
          col("Ports", "string", "Ports exposed by this EndpointSlice", 0, (o, now) -> slicePorts(o)),
          col("Endpoints", "string", "Addresses exposed by this EndpointSlice", 0, (o, now) -> sliceEndpoints(o)),
          age())),
      Map.entry("policy/poddisruptionbudgets", List.of(name(),
          col("Min Available", "string", "The minimum number or percentage of available pods this budget requires.", 0,
              (o, now) -> o.path("spec").has("minAvailable") ? o.path("spec").path("minAvailable").asText() : "N/A"),
          col("Max Unavailable", "string", "The maximum number or percentage of unavailable pods this budget requires.", 0,
              (o, now) -> o.path("spec").has("maxUnavailable") ? o.path("spec").path("maxUnavailable").asText() : "N/A"),
          col("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time.", 0,
              (o, now) -> integer(o, "status", "disruptionsAllowed")),
          age())),
      Map.entry("autoscaling/horizontalpodautoscalers", List.of(name(),
          col("Reference", "string", "The reference to the target object", 0,
              (o, now) -> text(o, "spec", "scaleTargetRef", "kind") + "/" + text(o, "spec", "scaleTargetRef", "name")),
          col("Targets", "string", "The current and target metrics of the autoscaler", 0, (o, now) -> hpaTargets(o)),
          col("MinPods", "string", "Minimum number of replicas the autoscaler may scale down to", 0,
              (o, now) -> o.path("spec").has("minReplicas") ? String.valueOf(integer(o, "spec", "minReplicas")) : "<unset>"),
          col("MaxPods", "integer", "Maximum number of replicas the autoscaler may scale up to", 0, (o, now) -> integer(o, "spec", "maxReplicas")),
          col("Replicas", "integer", "Current number of replicas of pods managed by this autoscaler", 0,
              (o, now) -> integer(o, "status", "currentReplicas")),
          age())),
      Map.entry("apps/statefulsets", List.of(name(),
          col("Ready", "string", "Number of the pod with ready state", 0, (o, now) -> readyOfDesired(o)), age(), containers(), images())),
      Map.entry("apps/replicasets", List.of(name(),
          col("Desired", "integer", "Replicas is the number of desired replicas.", 0, (o, now) -> integer(o, "spec", "replicas")),
          col("Current", "integer", "Replicas is the most recently observed number of replicas.", 0, (o, now) -> integer(o, "status", "replicas")),
          col("Ready", "integer", "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.", 0,
              (o, now) -> integer(o, "status", "readyReplicas")),
          age(), containers(), images(), selector())),
      Map.entry("apps/daemonsets", List.of(name(),
          col("Desired", "integer", "The total number of nodes that should be running the daemon pod.", 0,
              (o, now) -> integer(o, "status", "desiredNumberScheduled")),
          col("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", 0,
              (o, now) -> integer(o, "status", "currentNumberScheduled")),
          col("Ready", "integer", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon"
              + " pod running with a Ready Condition.", 0, (o, now) -> integer(o, "status", "numberReady")),
          col("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod", 0,
              (o, now) -> integer(o, "status", "updatedNumberScheduled")),
          col("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running"
              + " and available (ready for at least spec.minReadySeconds)", 0, (o, now) -> integer(o, "status", "numberAvailable")),
          col("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node.", 0,
              (o, now) -> orNone(pairs(o.path("spec").path("template").path("spec").path("nodeSelector")))),
          age(), containers(), images(), selector())),
      Map.entry("batch/jobs", List.of(name(),
          col("Status", "string", "Status of the job.", 0, (o, now) -> jobStatus(o)),
          col("Completions", "string", "The number of successfully completed pods out of the desired completions.", 0, (o, now) -> completions(o)),
          col("Duration", "string", "Time required to complete the job.", 0, KubectlPrinters::jobDuration),
          age(), containers(), images(), selector())),
      Map.entry("batch/cronjobs", List.of(name(),
          col("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", 0, (o, now) -> text(o, "spec", "schedule")),
          col("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.", 0,
              (o, now) -> orNone(text(o, "spec", "timeZone"))),
          col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started"
              + " executions.", 0, (o, now) -> o.path("spec").path("suspend").asBoolean(false)),
          col("Active", "integer", "A list of pointers to currently running jobs.", 0, (o, now) -> o.path("status").path("active").size()),
          col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled.", 0,
              (o, now) -> since(text(o, "status", "lastScheduleTime"), now, NONE)),
          age(), containers(), images(), selector())),
      Map.entry("/services", List.of(name(),
          col("Type", "string", "type determines how the Service is exposed.", 0, (o, now) -> serviceType(o)),
          col("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly.", 0,
              (o, now) -> orNone(text(o, "spec", "clusterIP"))),
          col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this"
              + " service.", 0, (o, now) -> externalIp(o)),
          col("Port(s)", "string", "The list of ports that are exposed by this service.", 0, (o, now) -> servicePorts(o)),
          age(),
          col("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1,
              (o, now) -> orNone(pairs(o.path("spec").path("selector")))))),
      Map.entry("/nodes", List.of(name(),
          col("Status", "string", "The status of the node", 0, (o, now) -> nodeStatus(o)),
          col("Roles", "string", "The roles of the node", 0, (o, now) -> nodeRoles(o)),
          age(),
          col("Version", "string", "Kubelet Version reported by the node.", 0, (o, now) -> text(o, "status", "nodeInfo", "kubeletVersion")),
          col("Internal-IP", "string", "List of addresses reachable to the node.", 1, (o, now) -> address(o, "InternalIP")),
          col("External-IP", "string", "List of addresses reachable to the node.", 1, (o, now) -> address(o, "ExternalIP")),
          col("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1,
              (o, now) -> unknownIfEmpty(text(o, "status", "nodeInfo", "osImage"))),
          col("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1,
              (o, now) -> unknownIfEmpty(text(o, "status", "nodeInfo", "kernelVersion"))),
          col("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g."
              + " containerd://1.4.2).", 1, (o, now) -> unknownIfEmpty(text(o, "status", "nodeInfo", "containerRuntimeVersion"))))),
      Map.entry("/namespaces", List.of(name(),
          col("Status", "string", "The status of the namespace", 0, (o, now) -> text(o, "status", "phase")), age())),
      Map.entry("/configmaps", List.of(name(),
          col("Data", "integer", "Data contains the configuration data.", 0, (o, now) -> o.path("data").size() + o.path("binaryData").size()),
          age())),
      Map.entry("/secrets", List.of(name(),
          col("Type", "string", "Used to facilitate programmatic handling of secret data.", 0, (o, now) -> text(o, "type")),
          col("Data", "integer", "Data contains the secret data.", 0, (o, now) -> o.path("data").size()),
          age())),
      Map.entry("/events", List.of(
          col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded.", 0, KubectlPrinters::lastSeen),
          col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future", 0, (o, now) -> text(o, "type")),
          col("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the"
              + " object's current status.", 0, (o, now) -> text(o, "reason")),
          col("Object", "string", "The object that this event is about.", 0,
              (o, now) -> text(o, "involvedObject", "kind").toLowerCase(java.util.Locale.ROOT) + "/" + text(o, "involvedObject", "name")),
          col("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go"
              + " field access statement, such as desiredState.manifest.containers[2].", 1, (o, now) -> text(o, "involvedObject", "fieldPath")),
          col("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1,
              (o, now) -> eventSource(o)),
          col("Message", "string", "A human-readable description of the status of this operation.", 0, (o, now) -> text(o, "message")),
          col("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1,
              (o, now) -> since(text(o, "firstTimestamp"), now, "<unknown>")),
          col("Count", "string", "The number of times this event has occurred.", 1, (o, now) -> o.path("count").asLong(1)),
          new Column("Name", "string", "name", NAME_DOC, 1, (o, now) -> text(o, "metadata", "name")))),
      Map.entry("networking.k8s.io/ingresses", List.of(name(),
          col("Class", "string", "The name of the IngressClass resource that should be used to implement this Ingress.", 0,
              (o, now) -> orNone(text(o, "spec", "ingressClassName"))),
          col("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule", 0, (o, now) -> ingressHosts(o)),
          col("Address", "string", "Address is a list containing ingress points for the load-balancer", 0,
              (o, now) -> loadBalancerAddresses(o.path("status").path("loadBalancer").path("ingress"))),
          col("Ports", "string", "Ports of TLS configurations that open", 0, (o, now) -> o.path("spec").path("tls").isEmpty() ? "80" : "80, 443"),
          age())),
      Map.entry("/persistentvolumeclaims", List.of(name(),
          col("Status", "string", "The phase of the PersistentVolumeClaim.", 0, (o, now) -> text(o, "status", "phase")),
          col("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim.", 0,
              (o, now) -> text(o, "spec", "volumeName")),
          col("Capacity", "string", "capacity represents the actual resources of the underlying volume.", 0,
              (o, now) -> "Bound".equals(text(o, "status", "phase")) ? text(o, "status", "capacity", "storage") : ""),
          col("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has.", 0,
              (o, now) -> "Bound".equals(text(o, "status", "phase")) ? accessModes(o.path("status").path("accessModes")) : ""),
          col("StorageClass", "string", "storageClassName is the name of the StorageClass required by the claim.", 0,
              (o, now) -> text(o, "spec", "storageClassName")),
          col("VolumeAttributesClass", "string", "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.", 0,
              (o, now) -> unsetIfEmpty(text(o, "spec", "volumeAttributesClassName"))),
          age(),
          col("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", 1,
              (o, now) -> unsetIfEmpty(text(o, "spec", "volumeMode"))))),
      Map.entry("/persistentvolumes", List.of(name(),
          col("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity.", 0,
              (o, now) -> text(o, "spec", "capacity", "storage")),
          col("Access Modes", "string", "accessModes contains all ways the volume can be mounted.", 0,
              (o, now) -> accessModes(o.path("spec").path("accessModes"))),
          col("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its"
              + " claim.", 0, (o, now) -> text(o, "spec", "persistentVolumeReclaimPolicy")),
          col("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim.", 0,
              (o, now) -> o.path("metadata").has("deletionTimestamp") ? "Terminating" : text(o, "status", "phase")),
          col("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.", 0,
              (o, now) -> o.path("spec").has("claimRef")
                  ? text(o, "spec", "claimRef", "namespace") + "/" + text(o, "spec", "claimRef", "name") : ""),
          col("StorageClass", "string", "storageClassName is the name of StorageClass to which this persistent volume belongs.", 0,
              (o, now) -> text(o, "spec", "storageClassName")),
          col("VolumeAttributesClass", "string", "Name of VolumeAttributesClass to which this persistent volume belongs.", 0,
              (o, now) -> unsetIfEmpty(text(o, "spec", "volumeAttributesClassName"))),
          col("Reason", "string", "reason is a brief CamelCase string that describes any failure.", 0, (o, now) -> text(o, "status", "reason")),
          age(),
          col("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw"
              + " block state.", 1, (o, now) -> unsetIfEmpty(text(o, "spec", "volumeMode"))))));

  /** The apiserver's default table for kinds without a printer (its {@code DefaultTableConvertor}). */
  private static final List<Column> DEFAULT = List.of(name(),
      new Column("Created At", "date", "", CREATED_DOC, 0, (o, now) -> text(o, "metadata", "creationTimestamp")));

  private KubectlPrinters() {}

  /** The columns for {@code group/plural} (core kinds have an empty group), the default two when the kind has no printer. */
  static List<Column> columns(String group, String plural) {
    return BY_KIND.getOrDefault(group + "/" + plural, DEFAULT);
  }

  /** Whether the built-in printers know this kind (else the default, or a CRD's columns, apply). */
  static boolean printed(String group, String plural) {
    return BY_KIND.containsKey(group + "/" + plural);
  }

  static Column name() {
    return new Column("Name", "string", "name", NAME_DOC, 0, (o, now) -> text(o, "metadata", "name"));
  }

  static Column age() {
    return col("Age", "string", CREATED_DOC, 0, (o, now) -> since(text(o, "metadata", "creationTimestamp"), now, "<unknown>"));
  }

  private static Column col(String name, String type, String description, int priority, BiFunction<JsonNode, Instant, Object> cell) {
    return new Column(name, type, "", description, priority, cell);
  }

  private static Column containers() {
    return col("Containers", "string", "Names of each container in the template.", 1,
        (o, now) -> join(templateContainers(o), "name"));
  }

  private static Column images() {
    return col("Images", "string", "Images referenced by each container in the template.", 1, (o, now) -> join(templateContainers(o), "image"));
  }

  private static Column selector() {
    return col("Selector", "string", "A label query over pods that should match the replica count.", 1,
        (o, now) -> labelSelector(o.path("spec").path("selector")));
  }

  /**
   * A duration as kubectl prints ages ({@code 45s}, {@code 3m12s}, {@code 5h20m}, {@code 3d4h},
   * {@code 40d}, {@code 2y10d}): coarser the older it is.
   */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
    }
    if (hours < 24 * 365 * 2) {
      return days + "d";
    }
    if (hours < 24 * 365 * 8) {
      return days % 365 == 0 ? days / 365 + "y" : days / 365 + "y" + days % 365 + "d";
    }
    return days / 365 + "y";
  }

  /** How long ago {@code timestamp} (RFC 3339) was, or {@code missing} when it is absent or unreadable. */
  static String since(String timestamp, Instant now, String missing) {
    return instant(timestamp).map(t -> humanDuration(Duration.between(t, now))).orElse(missing);
  }

  static Optional<Instant> instant(String timestamp) {
    if (timestamp.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** kubectl's Request or Limit cell of a quota: {@code used/hard} per resource, the {@code limits.} ones in the Limit column. */
  private static String quotaCells(JsonNode o, boolean limits) {
    List<String> out = new ArrayList<>();
    JsonNode hard = o.path("status").path("hard");
    TreeSet<String> resources = new TreeSet<>();
    hard.fieldNames().forEachRemaining(resources::add);
    for (String resource : resources) {
      if (resource.startsWith("limits.") == limits) {
        out.add(resource + ": " + o.path("status").path("used").path(resource).asText("0") + "/" + hard.path(resource).asText());
      }
    }
    return String.join(", ", out);
  }

  /** kubectl's Targets cell: {@code cpu: 62%/70%} per metric (current, or {@code <unknown>}, over the target), two at most. */
  private static String hpaTargets(JsonNode o) {
    List<String> out = new ArrayList<>();
    JsonNode metrics = o.path("spec").path("metrics");
    JsonNode current = o.path("status").path("currentMetrics");
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode m = metrics.get(i);
      if (!m.path("type").asText().equals("Resource")) {
        out.add(m.path("type").asText() + " metric");
        continue;
      }
      String resource = m.path("resource").path("name").asText();
      JsonNode target = m.path("resource").path("target");
      JsonNode now = null;
      for (JsonNode c : current) {
        if (c.path("resource").path("name").asText().equals(resource)) {
          now = c.path("resource").path("current");
        }
      }
      boolean utilization = target.has("averageUtilization");
      String want = utilization ? target.path("averageUtilization").asText() + "%" : target.path("averageValue").asText();
      String have = now == null ? "<unknown>" : utilization ? now.path("averageUtilization").asText() + "%" : now.path("averageValue").asText();
      out.add(resource + ": " + have + "/" + want);
    }
    if (out.isEmpty()) {
      return "<none>";
    }
    return out.size() > 2 ? String.join(", ", out.subList(0, 2)) + " + " + (out.size() - 2) + " more..." : String.join(", ", out);
  }

  /** kubectl's {@code 8080,9090}, or {@code <unset>} for a slice without ports. */
  private static String slicePorts(JsonNode o) {
    List<String> ports = new java.util.ArrayList<>();
    o.path("ports").forEach(p -> ports.add(p.path("port").asText()));
    return ports.isEmpty() ? "<unset>" : String.join(",", ports);
  }

  /** kubectl's first three addresses and {@code + N more...}, or {@code <unset>}. */
  private static String sliceEndpoints(JsonNode o) {
    List<String> addresses = new java.util.ArrayList<>();
    o.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addresses.add(a.asText())));
    if (addresses.isEmpty()) {
      return "<unset>";
    }
    String shown = String.join(",", addresses.subList(0, Math.min(3, addresses.size())));
    return addresses.size() > 3 ? shown + " + " + (addresses.size() - 3) + " more..." : shown;
  }

  static String text(JsonNode o, String... path) {
    JsonNode n = o;
    for (String step : path) {
      n = n.path(step);
    }
    return n.isValueNode() ? n.asText() : "";
  }

  private static long integer(JsonNode o, String... path) {
    JsonNode n = o;
    for (String step : path) {
      n = n.path(step);
    }
    return n.asLong(0);
  }

  private static String orNone(String s) {
    return s.isEmpty() ? NONE : s;
  }

  private static String unsetIfEmpty(String s) {
    return s.isEmpty() ? "<unset>" : s;
  }

  private static String unknownIfEmpty(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }

  private static String pairs(JsonNode map) {
    Map<String, String> sorted = new TreeMap<>();
    map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return String.join(",", sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static String labelSelector(JsonNode selector) {
    List<String> terms = new ArrayList<>();
    if (!pairs(selector.path("matchLabels")).isEmpty()) {
      terms.add(pairs(selector.path("matchLabels")));
    }
    for (JsonNode e : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      terms.add(LabelMatch.requirement(e, values));
    }
    return terms.isEmpty() ? NONE : String.join(",", terms);
  }

  private static JsonNode templateContainers(JsonNode o) {
    JsonNode spec = o.path("spec");
    JsonNode template = spec.has("jobTemplate") ? spec.path("jobTemplate").path("spec").path("template") : spec.path("template");
    return template.path("spec").path("containers");
  }

  private static String join(JsonNode items, String field) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(field).asText()));
    return String.join(",", out);
  }

  private static String podReady(JsonNode o) {
    int ready = 0;
    for (JsonNode c : o.path("status").path("containerStatuses")) {
      if (c.path("ready").asBoolean() && c.path("state").has("running")) {
        ready++;
      }
    }
    return ready + "/" + o.path("spec").path("containers").size();
  }

  /** kubectl's STATUS: an init container's state, else the last container's waiting/terminated reason, Terminating, else the phase. */
  static String podStatus(JsonNode o) {
    JsonNode status = o.path("status");
    String reason = !text(status, "reason").isEmpty() ? text(status, "reason") : text(status, "phase");
    JsonNode init = status.path("initContainerStatuses");
    for (int i = 0; i < init.size(); i++) {
      JsonNode terminated = init.get(i).path("state").path("terminated");
      JsonNode waiting = init.get(i).path("state").path("waiting");
      if (!terminated.isMissingNode() && terminated.path("exitCode").asInt() == 0) {
        continue;
      }
      if (!terminated.isMissingNode()) {
        return terminated.has("reason") ? "Init:" + terminated.path("reason").asText()
            : terminated.path("signal").asInt() != 0 ? "Init:Signal:" + terminated.path("signal").asInt()
            : "Init:ExitCode:" + terminated.path("exitCode").asInt();
      }
      if (!waiting.path("reason").asText().isEmpty() && !waiting.path("reason").asText().equals("PodInitializing")) {
        return "Init:" + waiting.path("reason").asText();
      }
      return "Init:" + i + "/" + o.path("spec").path("initContainers").size();
    }
    boolean running = false;
    JsonNode containers = status.path("containerStatuses");
    for (int i = containers.size() - 1; i >= 0; i--) {
      JsonNode state = containers.get(i).path("state");
      if (!state.path("waiting").path("reason").asText().isEmpty()) {
        reason = state.path("waiting").path("reason").asText();
      } else if (!state.path("terminated").path("reason").asText().isEmpty()) {
        reason = state.path("terminated").path("reason").asText();
      } else if (state.has("terminated")) {
        int signal = state.path("terminated").path("signal").asInt();
        reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + state.path("terminated").path("exitCode").asInt();
      } else if (containers.get(i).path("ready").asBoolean() && state.has("running")) {
        running = true;
      }
    }
    if (reason.equals("Completed") && running) {
      reason = "Running";
    }
    if (o.path("metadata").has("deletionTimestamp")) {
      reason = "NodeLost".equals(text(status, "reason")) ? "Unknown" : "Terminating";
    }
    return reason;
  }

  /** Restarts, with how long ago the last one was ({@code 3 (5m ago)}). */
  private static String podRestarts(JsonNode o, Instant now) {
    long restarts = 0;
    Instant last = null;
    for (JsonNode c : o.path("status").path("containerStatuses")) {
      restarts += c.path("restartCount").asLong();
      Optional<Instant> finished = instant(text(c, "lastState", "terminated", "finishedAt"));
      if (finished.isPresent() && (last == null || finished.get().isAfter(last))) {
        last = finished.get();
      }
    }
    return last == null ? Long.toString(restarts) : restarts + " (" + humanDuration(Duration.between(last, now)) + " ago)";
  }

  private static String readinessGates(JsonNode o) {
    JsonNode gates = o.path("spec").path("readinessGates");
    if (gates.isEmpty()) {
      return NONE;
    }
    int trueCount = 0;
    for (JsonNode gate : gates) {
      for (JsonNode c : o.path("status").path("conditions")) {
        if (c.path("type").asText().equals(gate.path("conditionType").asText()) && "True".equals(c.path("status").asText())) {
          trueCount++;
        }
      }
    }
    return trueCount + "/" + gates.size();
  }

  private static String readyOfDesired(JsonNode o) {
    return integer(o, "status", "readyReplicas") + "/" + integer(o, "spec", "replicas");
  }

  private static String jobStatus(JsonNode o) {
    TreeSet<String> trueConditions = new TreeSet<>();
    for (JsonNode c : o.path("status").path("conditions")) {
      if ("True".equals(c.path("status").asText())) {
        trueConditions.add(c.path("type").asText());
      }
    }
    for (String status : List.of("Complete", "Failed", "FailureTarget", "SuccessCriteriaMet", "Suspended")) {
      if (trueConditions.contains(status)) {
        return status;
      }
    }
    return o.path("metadata").has("deletionTimestamp") ? "Terminating" : "Running";
  }

  private static String completions(JsonNode o) {
    long succeeded = integer(o, "status", "succeeded");
    if (o.path("spec").has("completions")) {
      return succeeded + "/" + integer(o, "spec", "completions");
    }
    long parallelism = integer(o, "spec", "parallelism");
    return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
  }

  private static String jobDuration(JsonNode o, Instant now) {
    Optional<Instant> start = instant(text(o, "status", "startTime"));
    if (start.isEmpty()) {
      return "";
    }
    Instant end = instant(text(o, "status", "completionTime")).orElse(now);
    return humanDuration(Duration.between(start.get(), end));
  }

  private static String serviceType(JsonNode o) {
    String type = text(o, "spec", "type");
    return type.isEmpty() ? "ClusterIP" : type;
  }

  private static String externalIp(JsonNode o) {
    JsonNode spec = o.path("spec");
    List<String> external = new ArrayList<>();
    spec.path("externalIPs").forEach(ip -> external.add(ip.asText()));
    return switch (serviceType(o)) {
      case "ClusterIP", "NodePort" -> external.isEmpty() ? NONE : String.join(",", external);
      case "LoadBalancer" -> {
        String lb = loadBalancerAddresses(o.path("status").path("loadBalancer").path("ingress"));
        if (!lb.isEmpty()) {
          external.add(lb);
        }
        yield external.isEmpty() ? "<pending>" : String.join(",", external);
      }
      case "ExternalName" -> text(spec, "externalName");
      default -> "<unknown>";
    };
  }

  private static String loadBalancerAddresses(JsonNode ingress) {
    List<String> out = new ArrayList<>();
    ingress.forEach(i -> out.add(!text(i, "ip").isEmpty() ? text(i, "ip") : text(i, "hostname")));
    return String.join(",", out);
  }

  private static String servicePorts(JsonNode o) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : o.path("spec").path("ports")) {
      String protocol = text(p, "protocol").isEmpty() ? "TCP" : text(p, "protocol");
      out.add(p.path("port").asInt() + (p.path("nodePort").asInt() > 0 ? ":" + p.path("nodePort").asInt() : "") + "/" + protocol);
    }
    return out.isEmpty() ? NONE : String.join(",", out);
  }

  private static String nodeStatus(JsonNode o) {
    String ready = "Unknown";
    for (JsonNode c : o.path("status").path("conditions")) {
      if ("Ready".equals(text(c, "type"))) {
        ready = "True".equals(text(c, "status")) ? "Ready" : "NotReady";
      }
    }
    return o.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
  }

  private static String nodeRoles(JsonNode o) {
    TreeSet<String> roles = new TreeSet<>();
    o.path("metadata").path("labels").properties().forEach(e -> {
      if (e.getKey().startsWith("node-role.kubernetes.io/") && e.getKey().length() > "node-role.kubernetes.io/".length()) {
        roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
      } else if (e.getKey().equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
        roles.add(e.getValue().asText());
      }
    });
    return roles.isEmpty() ? NONE : String.join(",", roles);
  }

  private static String address(JsonNode o, String type) {
    for (JsonNode a : o.path("status").path("addresses")) {
      if (type.equals(text(a, "type"))) {
        return text(a, "address");
      }
    }
    return NONE;
  }

  private static String accessModes(JsonNode modes) {
    List<String> out = new ArrayList<>();
    for (String mode : List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")) {
      modes.forEach(m -> {
        if (m.asText().equals(mode) && !out.contains(abbreviation(mode))) {
          out.add(abbreviation(mode));
        }
      });
    }
    return String.join(",", out);
  }

  private static String abbreviation(String mode) {
    return switch (mode) {
      case "ReadWriteOnce" -> "RWO";
      case "ReadOnlyMany" -> "ROX";
      case "ReadWriteMany" -> "RWX";
      default -> "RWOP";
    };
  }

  private static String ingressHosts(JsonNode o) {
    List<String> hosts = new ArrayList<>();
    o.path("spec").path("rules").forEach(r -> {
      if (!text(r, "host").isEmpty()) {
        hosts.add(text(r, "host"));
      }
    });
    if (hosts.isEmpty()) {
      return "*";
    }
    return hosts.size() <= 3 ? String.join(",", hosts) : String.join(",", hosts.subList(0, 3)) + " + " + (hosts.size() - 3) + " more...";
  }

  private static String lastSeen(JsonNode o, Instant now) {
    String last = text(o, "lastTimestamp");
    if (last.isEmpty()) {
      last = text(o, "eventTime");
    }
    return since(last, now, "<unknown>");
  }

  private static String eventSource(JsonNode o) {
    String component = text(o, "source", "component");
    if (component.isEmpty()) {
      component = text(o, "reportingComponent");
    }
    String host = text(o, "source", "host");
    if (host.isEmpty()) {
      host = text(o, "reportingInstance");
    }
    return host.isEmpty() ? component : component + ", " + host;
  }
}
