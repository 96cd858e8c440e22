package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Karpenter v1 on the production cluster: its CRDs (the files Karpenter ships, without descriptions;
 * the EC2NodeClass one abridged), two NodePools ({@code general-spot}, spot, at its CPU limit;
 * {@code critical-on-demand}, on-demand, tainted, with a business-hours disruption budget), their two
 * EC2NodeClasses ({@code default} follows {@code al2023@latest}, so an upgrade drifts its nodes;
 * {@code critical} pins an AMI release, as Karpenter recommends for production, so an upgrade needs
 * the pin moved), NodeClaims on the cluster's nodes (one drifted),
 * the controller's Service with {@code /metrics} behind the apiserver's service proxy, and three
 * pending pods with Karpenter {@code FailedScheduling} events giving a different reason each; the estate's own
 * pending pod ({@code checkout/cart-service}) gets Karpenter's event too ({@link #spotPoolAtItsLimit}).
 */
final class KarpenterDemo {
  static final String GROUP = "karpenter.sh";
  static final String METRICS_PROXY_PATH = "/api/v1/namespaces/kube-system/services/karpenter:http-metrics/proxy/metrics";
  static final String SPOT_POOL = "general-spot";
  static final String ON_DEMAND_POOL = "critical-on-demand";
  static final String AWS_GROUP = "karpenter.k8s.aws";
  static final String LATEST_NODE_CLASS = "default";
  static final String PINNED_NODE_CLASS = "critical";
  /** The AMI release the pinned class names: the one the production nodes run (their osImage is Amazon Linux 2023.6.20250107). */
  static final String PINNED_ALIAS = "al2023@v20250107";
  private static final String OVERHEAD = "{\"cpu\":\"180m\",\"memory\":\"120Mi\",\"pods\":\"3\"}";

  private KarpenterDemo() {}

  static List<CustomResourceDefinitionContext> contexts() {
    return List.of(context(GROUP, "nodepools", "NodePool"), context(GROUP, "nodeclaims", "NodeClaim"),
        context(AWS_GROUP, "ec2nodeclasses", "EC2NodeClass"));
  }

  private static CustomResourceDefinitionContext context(String group, String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withPlural(plural)
        .withKind(kind).withScope("Cluster").withName(plural + "." + group).build();
  }

  /** Writes Karpenter's objects; the NodeClaims stand for the first {@code nodes} of the estate (the last ones on-demand). */
  static void seed(StoreWriter store, List<DemoEstate.Node> nodes, String instanceType, Instant now) {
    store.create(crd("karpenter.sh_nodepools.yaml"));
    store.create(crd("karpenter.sh_nodeclaims.yaml"));
    store.create(crd("karpenter.k8s.aws_ec2nodeclasses.yaml"));
    withStatus(store, nodeClass(LATEST_NODE_CLASS, "al2023@latest", now), "ec2nodeclasses");
    withStatus(store, nodeClass(PINNED_NODE_CLASS, PINNED_ALIAS, now), "ec2nodeclasses");
    withStatus(store, nodePool(SPOT_POOL, 10, Map.of("cpu", "8", "memory", "64Gi"), "WhenEmptyOrUnderutilized", "1m",
        List.of(Map.of("nodes", "20%")), "spot", List.of(), now), "nodepools");
    withStatus(store, nodePool(ON_DEMAND_POOL, 50, Map.of("cpu", "16"), "WhenEmpty", "5m",
        List.of(Map.of("nodes", "0", "schedule", "0 9 * * mon-fri", "duration", "8h", "reasons", List.of("Drifted")), Map.of("nodes", "1")),
        "on-demand", List.of(Map.of("key", "dedicated", "value", "critical", "effect", "NoSchedule")), now), "nodepools");
    for (int i = 0; i < nodes.size(); i++) {
      DemoEstate.Node n = nodes.get(i);
      withStatus(store, nodeClaim(poolOf(i, nodes.size()), n, instanceType, capacityTypeOf(i, nodes.size()),
          i == 1, now.minusSeconds(86_400L * (14 - i))), "nodeclaims");
    }
    store.create(new ServiceBuilder().withMetadata(Workloads.meta("kube-system", "karpenter",
            Map.of("app.kubernetes.io/name", "karpenter", "app.kubernetes.io/instance", "karpenter"), now.minusSeconds(86_400 * 30)))
        .withNewSpec().withType("ClusterIP").withSelector(Map.of("app.kubernetes.io/name", "karpenter"))
        .addNewPort().withName("http-metrics").withPort(8080).withProtocol("TCP").withNewTargetPort("http-metrics").endPort().endSpec().build());
    pendingPods(store, now);
  }

  private static CustomResourceDefinition crd(String file) {
    try (InputStream in = KarpenterDemo.class.getResourceAsStream("karpenter/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing demo CRD karpenter/" + file);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the object, then writes its status through the status subresource (create drops it, as an apiserver does). */
  private static void withStatus(StoreWriter store, GenericKubernetesResource object, String plural) {
    Object status = object.getAdditionalProperties().get("status");
    GenericKubernetesResource created = store.create(object, plural);
    created.setAdditionalProperty("status", status);
    store.updateStatus(created, plural);
  }

  private static GenericKubernetesResource nodePool(String name, int weight, Map<String, String> limits, String policy, String after,
      List<Map<String, Object>> budgets, String capacityType, List<Map<String, String>> taints, Instant now) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("nodeClassRef", Map.of("group", AWS_GROUP, "kind", "EC2NodeClass", "name", nodeClassOf(name)));
    template.put("expireAfter", "720h");
    template.put("requirements", List.of(
        Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of(capacityType)),
        Map.of("key", "karpenter.k8s.aws/instance-category", "operator", "In", "values", List.of("c", "m", "r")),
        Map.of("key", "kubernetes.io/arch", "operator", "In", "values", List.of("amd64"))));
    if (!taints.isEmpty()) {
      template.put("taints", taints);
    }
    return new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("NodePool")
        .withMetadata(Workloads.meta(null, name, Map.of(), now.minusSeconds(86_400 * 60)))
        .addToAdditionalProperties("spec", Map.of("weight", weight, "limits", limits,
            "disruption", Map.of("consolidationPolicy", policy, "consolidateAfter", after, "budgets", budgets),
            "template", Map.of("spec", template)))
        .addToAdditionalProperties("status", Map.of("conditions", List.of(condition("Ready", "True", "Ready", now.minusSeconds(86_400 * 60)))))
        .build();
  }

  /** The EC2NodeClass of a pool: the on-demand pool's is pinned, the spot pool's follows the latest AMI. */
  static String nodeClassOf(String pool) {
    return pool.equals(ON_DEMAND_POOL) ? PINNED_NODE_CLASS : LATEST_NODE_CLASS;
  }

  /** An EC2NodeClass selecting its AMIs by one alias, with the subnets, security groups and node role of the cluster. */
  private static GenericKubernetesResource nodeClass(String name, String alias, Instant now) {
    Map<String, Object> discovery = Map.of("tags", Map.of("karpenter.sh/discovery", DemoEstate.PRODUCTION));
    return new GenericKubernetesResourceBuilder().withApiVersion(AWS_GROUP + "/v1").withKind("EC2NodeClass")
        .withMetadata(Workloads.meta(null, name, Map.of(), now.minusSeconds(86_400 * 60)))
        .addToAdditionalProperties("spec", Map.of("role", "KarpenterNodeRole-" + DemoEstate.PRODUCTION,
            "amiSelectorTerms", List.of(Map.of("alias", alias)), "subnetSelectorTerms", List.of(discovery),
            "securityGroupSelectorTerms", List.of(discovery)))
        .addToAdditionalProperties("status", Map.of("conditions", List.of(condition("Ready", "True", "Ready", now.minusSeconds(86_400 * 60)))))
        .build();
  }

  /** The pool of the i-th node's NodeClaim: the last node on-demand, the others spot. */
  private static String poolOf(int i, int count) {
    return i == count - 1 ? ON_DEMAND_POOL : SPOT_POOL;
  }

  private static String capacityTypeOf(int i, int count) {
    return i == count - 1 ? "on-demand" : "spot";
  }

  /** The labels Karpenter puts on the i-th node it launched: the pool and capacity type of its NodeClaim. */
  static Map<String, String> nodeLabels(int i, int count) {
    return Map.of("karpenter.sh/nodepool", poolOf(i, count), "karpenter.sh/capacity-type", capacityTypeOf(i, count),
        "karpenter.sh/registered", "true", "karpenter.sh/initialized", "true", "karpenter.k8s.aws/ec2nodeclass", nodeClassOf(poolOf(i, count)));
  }

  /** A NodeClaim's name as Karpenter makes it: its pool and five characters (here the end of its instance id). */
  private static String claimName(String pool, DemoEstate.Node node) {
    String id = io.periscope.demo.aws.Ec2InstanceIds.of(node.name());
    return pool + "-" + id.substring(id.length() - 5);
  }

  /** The tags Karpenter puts on the EC2 instances it launches for these nodes' NodeClaims, by instance id. */
  static Map<String, Map<String, String>> instanceTags(List<DemoEstate.Node> nodes) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      String pool = poolOf(i, nodes.size());
      out.put(io.periscope.demo.aws.Ec2InstanceIds.of(nodes.get(i).name()), Map.of("karpenter.sh/nodepool", pool,
          "karpenter.sh/nodeclaim", claimName(pool, nodes.get(i)), "karpenter.k8s.aws/ec2nodeclass", nodeClassOf(pool)));
    }
    return out;
  }

  private static GenericKubernetesResource nodeClaim(String pool, DemoEstate.Node node, String instanceType, String capacityType,
      boolean drifted, Instant created) {
    List<Map<String, Object>> conditions = new ArrayList<>(List.of(
        condition("Launched", "True", "Launched", created.plusSeconds(40)),
        condition("Registered", "True", "Registered", created.plusSeconds(95)),
        condition("Initialized", "True", "Initialized", created.plusSeconds(120)),
        condition("Ready", "True", "Ready", created.plusSeconds(120))));
    if (drifted) {
      conditions.add(condition("Drifted", "True", "NodeClassDrifted", created.plusSeconds(86_400 * 12)));
    } else if (capacityType.equals("spot")) {
      conditions.add(condition("Consolidatable", "True", "Consolidatable", created.plusSeconds(86_400)));
    }
    String id = io.periscope.demo.aws.Ec2InstanceIds.of(node.name()); // the node's own instance, as its spec.providerID says
    return new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("NodeClaim")
        .withMetadata(Workloads.meta(null, claimName(pool, node), Map.of("karpenter.sh/nodepool", pool,
            "karpenter.sh/capacity-type", capacityType, "node.kubernetes.io/instance-type", instanceType,
            "topology.kubernetes.io/zone", node.zone(), "karpenter.k8s.aws/ec2nodeclass", nodeClassOf(pool)), created))
        .addToAdditionalProperties("spec", Map.of("nodeClassRef", Map.of("group", AWS_GROUP, "kind", "EC2NodeClass", "name", nodeClassOf(pool)),
            "requirements", List.of(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of(capacityType)))))
        .addToAdditionalProperties("status", Map.of("nodeName", node.name(), "providerID", "aws:///" + node.zone() + "/" + id,
            "capacity", Map.of("cpu", "4", "memory", "16009588Ki", "pods", "58", "ephemeral-storage", "20Gi"),
            "conditions", conditions))
        .build();
  }

  private static Map<String, Object> condition(String type, String status, String reason, Instant at) {
    return Map.of("type", type, "status", status, "reason", reason, "message", "", "lastTransitionTime", at.toString());
  }

  /**
   * The pods Karpenter cannot place ({@code namespace/name}), each for its own reason, in the words
   * Karpenter v1 uses; the default scheduler's own verdict is in each pod's {@code PodScheduled} condition.
   */
  static final List<String> PENDING_PODS = List.of("payments/fraud-scorer-0", "checkout/search-indexer-6f7d9c5b8-q2xkp", "monitoring/prometheus-0");

  private static void pendingPods(StoreWriter store, Instant now) {
    pending(store, now, "payments", "fraud-scorer-0", "fraud-scorer", "2", "8Gi", 420,
        "incompatible with nodepool \"" + ON_DEMAND_POOL + "\", daemonset overhead=" + OVERHEAD
            + ", incompatible requirements, label \"nvidia.com/gpu.present\" does not have known values; incompatible with nodepool \""
            + SPOT_POOL + "\", daemonset overhead=" + OVERHEAD + ", incompatible requirements, label \"nvidia.com/gpu.present\" does not have known values");
    pending(store, now, "checkout", "search-indexer-6f7d9c5b8-q2xkp", "search-indexer", "3", "4Gi", 300, SPOT_POOL_AT_ITS_LIMIT);
    pending(store, now, "monitoring", "prometheus-0", "prometheus", "4", "200Gi", 180,
        "incompatible with nodepool \"" + ON_DEMAND_POOL + "\", daemonset overhead=" + OVERHEAD
            + ", did not tolerate dedicated=critical:NoSchedule; incompatible with nodepool \"" + SPOT_POOL + "\", daemonset overhead=" + OVERHEAD
            + ", no instance type satisfied resources {\"cpu\":\"4180m\",\"memory\":\"204920Mi\",\"pods\":\"4\"} and requirements "
            + "karpenter.k8s.aws/instance-category In [c m r], karpenter.sh/capacity-type In [spot], karpenter.sh/nodepool In [" + SPOT_POOL
            + "], kubernetes.io/arch In [amd64] (no instance type has enough resources)");
  }

  /** Why Karpenter launches nothing for a pod that tolerates no taint: the spot pool is at its CPU limit. */
  private static final String SPOT_POOL_AT_ITS_LIMIT = "incompatible with nodepool \"" + ON_DEMAND_POOL + "\", daemonset overhead=" + OVERHEAD
      + ", did not tolerate dedicated=critical:NoSchedule; all available instance types exceed limits for nodepool: \"" + SPOT_POOL + "\"";

  /**
   * Karpenter's word on one of the estate's own pending pods (they ask for no GPU and tolerate no taint):
   * beside the default scheduler's event, as a cluster running Karpenter shows it.
   */
  static void spotPoolAtItsLimit(StoreWriter store, Instant now, String ns, String pod, int waiting) {
    failedScheduling(store, now, new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(ns).withName(pod).build(),
        SPOT_POOL_AT_ITS_LIMIT, waiting);
  }

  private static void pending(StoreWriter store, Instant now, String ns, String name, String app, String cpu, String memory, int waiting,
      String karpenterError) {
    Instant since = now.minusSeconds(waiting);
    PodSpec spec = new PodSpecBuilder().addNewContainer().withName(app).withImage("ghcr.io/example/" + app + ":1.0.0")
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity(memory)).endResources().endContainer().build();
    var owner = ownerOf(store, now, ns, name, app, spec);
    Pod pod = store.create(new PodBuilder().withMetadata(Workloads.meta(ns, name, owner.podLabels(), since))
        .editMetadata().withOwnerReferences(owner.reference()).endMetadata()
        .withSpec(spec)
        .withNewStatus().withPhase("Pending").withQosClass("Burstable").addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").withMessage("0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, "
            + "2 Insufficient " + (memory.endsWith("8Gi") ? "nvidia.com/gpu" : "cpu") + ". preemption: 0/3 nodes are available: 3 No preemption victims found.")
        .withLastTransitionTime(since.toString()).endCondition().endStatus().build());
    var ref = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(ns).withName(name)
        .withUid(pod.getMetadata().getUid()).build();
    failedScheduling(store, now, ref, karpenterError, waiting);
  }

  private static void failedScheduling(StoreWriter store, Instant now, ObjectReference pod, String why, int waiting) {
    Instant since = now.minusSeconds(waiting);
    store.create(new EventBuilder().withMetadata(Workloads.meta(pod.getNamespace(), pod.getName() + ".karpenter", Map.of(), since))
        .withInvolvedObject(pod).withType("Warning").withReason("FailedScheduling").withMessage("Failed to schedule pod, " + why)
        .withCount(waiting / 60).withFirstTimestamp(since.plusSeconds(5).toString()).withLastTimestamp(now.minusSeconds(20).toString())
        .withNewSource().withComponent("karpenter").endSource().build());
  }

  private record Owner(OwnerReference reference, Map<String, String> podLabels) {}

  /**
   * The workload a pending pod belongs to, written out as its controllers would have (the mock runs
   * none): a StatefulSet for {@code name-0}, else a Deployment and the ReplicaSet its name carries.
   * Nothing of it is ready: its only pod waits for a node.
   */
  private static Owner ownerOf(StoreWriter store, Instant now, String ns, String podName, String app, PodSpec spec) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", app);
    Instant created = now.minusSeconds(86_400 * 3);
    if (podName.endsWith("-0")) {
      StatefulSet set = store.create(new StatefulSetBuilder().withMetadata(Workloads.meta(ns, app, labels, created))
          .withNewSpec().withReplicas(1).withServiceName(app).withNewSelector().withMatchLabels(labels).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(spec).endTemplate().endSpec()
          .withNewStatus().withReplicas(1).withCurrentReplicas(1).withUpdatedReplicas(1).withReadyReplicas(0).withAvailableReplicas(0)
          .withObservedGeneration(1L).endStatus().build());
      // Its controller's revisions: the release before this one and this one, whose name the pod carries.
      String image = spec.getContainers().getFirst().getImage();
      String revision = StatefulSetRevisions.seed(store, set, List.of(image.substring(0, image.lastIndexOf(':') + 1) + "0.9.2", image),
          created.plusSeconds(86_400), java.time.Duration.ofDays(1));
      set.getStatus().setCurrentRevision(revision);
      set.getStatus().setUpdateRevision(revision);
      store.updateStatus(set, "statefulsets");
      Map<String, String> podLabels = new LinkedHashMap<>(labels);
      podLabels.put("statefulset.kubernetes.io/pod-name", podName);
      podLabels.put(StatefulSetRevisions.POD_LABEL, revision);
      return new Owner(Workloads.ownerOf(set), podLabels);
    }
    String replicaSetName = podName.substring(0, podName.lastIndexOf('-'));
    Map<String, String> hashed = new LinkedHashMap<>(labels);
    hashed.put("pod-template-hash", replicaSetName.substring(replicaSetName.lastIndexOf('-') + 1));
    Deployment deployment = store.create(new DeploymentBuilder().withMetadata(Workloads.meta(ns, app, labels, created))
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(spec).endTemplate().endSpec()
        .withNewStatus().withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(0).withAvailableReplicas(0).withUnavailableReplicas(1)
        .withObservedGeneration(1L)
        .addNewCondition().withType("Available").withStatus("False").withReason("MinimumReplicasUnavailable").endCondition()
        .addNewCondition().withType("Progressing").withStatus("True").withReason("ReplicaSetUpdated").endCondition()
        .endStatus().build());
    ReplicaSet replicaSet = store.create(new ReplicaSetBuilder().withMetadata(Workloads.meta(ns, replicaSetName, hashed, created))
        .editMetadata().withOwnerReferences(Workloads.ownerOf(deployment)).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(hashed).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(hashed).endMetadata().withSpec(spec).endTemplate().endSpec()
        .withNewStatus().withReplicas(1).withReadyReplicas(0).withAvailableReplicas(0).withFullyLabeledReplicas(1).withObservedGeneration(1L)
        .endStatus().build());
    return new Owner(Workloads.ownerOf(replicaSet), hashed);
  }

  /**
   * What the controller's {@code /metrics} serves about prices: Karpenter's price estimates for the
   * instance types the NodePools may launch in the cluster's zones (us-east-1 list prices; spot at
   * a typical discount), in the text exposition format.
   */
  static MockResponse metrics() {
    StringBuilder out = new StringBuilder()
        .append("# HELP karpenter_cloudprovider_instance_type_offering_price_estimate Instance type offering estimated hourly price used when making informed decisions on node cost calculation, based on instance type, capacity type, and zone.\n")
        .append("# TYPE karpenter_cloudprovider_instance_type_offering_price_estimate gauge\n");
    Map<String, double[]> prices = new LinkedHashMap<>();
    prices.put("m6i.xlarge", new double[] {0.192, 0.0758});
    prices.put("c6i.xlarge", new double[] {0.17, 0.0681});
    prices.put("r6i.xlarge", new double[] {0.252, 0.0912});
    for (var e : prices.entrySet()) {
      for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
        out.append(sample(e.getKey(), "on-demand", zone, e.getValue()[0])).append(sample(e.getKey(), "spot", zone, e.getValue()[1]));
      }
    }
    out.append("# HELP karpenter_nodepools_limit Limits specified on the nodepool that restrict the quantity of resources provisioned. Labeled by nodepool name and resource type.\n")
        .append("# TYPE karpenter_nodepools_limit gauge\n")
        .append("karpenter_nodepools_limit{nodepool=\"" + SPOT_POOL + "\",resource_type=\"cpu\"} 8\n")
        .append("karpenter_nodepools_limit{nodepool=\"" + ON_DEMAND_POOL + "\",resource_type=\"cpu\"} 16\n");
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").setBody(out.toString());
  }

  private static String sample(String type, String capacity, String zone, double price) {
    return "karpenter_cloudprovider_instance_type_offering_price_estimate{capacity_type=\"" + capacity + "\",instance_type=\"" + type
        + "\",zone=\"" + zone + "\"} " + price + "\n";
  }
}
