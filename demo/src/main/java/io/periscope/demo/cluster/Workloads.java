package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.periscope.demo.aws.ImageDigests;
import io.periscope.demo.cluster.DemoEstate.App;
import io.periscope.demo.cluster.DemoEstate.Node;
import io.periscope.demo.cluster.DemoEstate.Trouble;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Creates a Deployment with the ReplicaSet and Pods a real controller would have made, so owner
 * chains, labels and selectors in the demo look like a live cluster's. The mock apiserver runs no
 * controllers, which is why every level is written out here.
 */
final class Workloads {
  private final StoreWriter store;
  private final List<Node> nodes;
  private final Instant now;

  /** The image whose tag was pushed again after the first replica pulled it (production's checkout-web). */
  private static final String TAG_PUSHED_AGAIN = "example/checkout-web:5.2.0";

  /** @param nodes the Ready nodes pods are spread over (pending pods get none) */
  Workloads(StoreWriter store, List<Node> nodes, Instant now) {
    this.store = store;
    this.nodes = nodes;
    this.now = now;
  }

  /** Creates the app and returns the names of its pods, in order. */
  List<String> create(App app) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", app.name(), "app.kubernetes.io/part-of", app.namespace());
    String hash = Integer.toHexString(Math.abs((app.namespace() + app.name()).hashCode())).substring(0, 6) + "9f";
    Deployment deployment = store.create(deployment(app, labels));
    ReplicaSet rs = store.create(replicaSet(app, labels, hash, ownerOf(deployment)));
    for (int back = 2; back >= 1; back--) {
      String older = earlierImage(app.image(), back);
      if (older != null) {
        store.create(earlierReplicaSet(app, labels, older, 3 - back, ownerOf(deployment)));
      }
    }
    List<String> podNames = new java.util.ArrayList<>();
    List<Pod> pods = new java.util.ArrayList<>();
    for (int i = 0; i < app.replicas(); i++) {
      boolean last = i == app.replicas() - 1;
      Trouble.Kind trouble = last ? app.trouble().kind() : Trouble.Kind.NONE;
      String podName = rs.getMetadata().getName() + "-" + suffix(app.name(), i);
      pods.add(store.create(pod(app, labels, hash, podName, i, trouble, ownerOf(rs))));
      podNames.add(podName);
    }
    store.create(new ServiceBuilder()
        .withMetadata(meta(app.namespace(), app.name(), labels, now.minusSeconds(86_400 * 20)))
        .withNewSpec().withType("ClusterIP").withSelector(Map.of("app.kubernetes.io/name", app.name()))
        .addNewPort().withName("http").withPort(80).withNewTargetPort(app.port()).withProtocol("TCP").endPort()
        .withClusterIP("10.100." + (Math.abs(app.name().hashCode()) % 200) + "." + (10 + app.replicas())).endSpec()
        .build());
    store.create(endpointSlice(app, pods));
    return podNames;
  }

  /**
   * The EndpointSlice the controller keeps for the app's Service: one endpoint per pod that has an
   * IP, ready as the pod is (a crash-looping or image-pulling pod is there, not ready; a pending
   * one has no IP yet and is not).
   */
  private EndpointSlice endpointSlice(App app, List<Pod> pods) {
    var slice = new EndpointSliceBuilder()
        .withMetadata(meta(app.namespace(), app.name() + "-" + suffix(app.name() + "-slice", 0),
            Map.of("kubernetes.io/service-name", app.name(), "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"),
            now.minusSeconds(86_400 * 20)))
        .withAddressType("IPv4")
        .addNewPort().withName("http").withPort(app.port()).withProtocol("TCP").endPort();
    for (Pod pod : pods) {
      String ip = pod.getStatus().getPodIP();
      if (ip == null) {
        continue;
      }
      boolean ready = pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
      slice.addNewEndpoint().withAddresses(ip).withNodeName(pod.getSpec().getNodeName())
          .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
          .withNewTargetRef().withKind("Pod").withNamespace(app.namespace()).withName(pod.getMetadata().getName())
          .withUid(pod.getMetadata().getUid()).endTargetRef().endEndpoint();
    }
    return slice.build();
  }

  private Deployment deployment(App app, Map<String, String> labels) {
    int healthy = healthy(app);
    return new DeploymentBuilder()
        .withMetadata(meta(app.namespace(), app.name(), labels, now.minusSeconds(86_400 * 20)))
        .editMetadata().addToAnnotations("deployment.kubernetes.io/revision", "3").addToAnnotations(CHANGE_CAUSE, changeCause(app.image()))
        .endMetadata()
        .withNewSpec().withReplicas(app.replicas())
        .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", app.name())).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(podSpec(app, null, app.serviceAccount())).endTemplate()
        .endSpec()
        .withNewStatus().withReplicas(app.replicas()).withUpdatedReplicas(app.replicas())
        .withReadyReplicas(healthy).withAvailableReplicas(healthy).withUnavailableReplicas(app.replicas() - healthy)
        .withObservedGeneration(3L)
        .addNewCondition().withType("Available").withStatus(healthy == app.replicas() ? "True" : "False")
        .withReason(healthy == app.replicas() ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable").endCondition()
        .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable").endCondition()
        .endStatus()
        .build();
  }

  private ReplicaSet replicaSet(App app, Map<String, String> labels, String hash, OwnerReference owner) {
    Map<String, String> rsLabels = withHash(labels, hash);
    int healthy = healthy(app);
    return new ReplicaSetBuilder()
        .withMetadata(meta(app.namespace(), app.name() + "-" + hash, rsLabels, now.minusSeconds(86_400 * 2)))
        .editMetadata().withOwnerReferences(owner).addToAnnotations("deployment.kubernetes.io/revision", "3")
        .addToAnnotations(CHANGE_CAUSE, changeCause(app.image())).endMetadata()
        .withNewSpec().withReplicas(app.replicas())
        .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", app.name(), "pod-template-hash", hash)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(rsLabels).endMetadata().withSpec(podSpec(app, null, app.serviceAccount())).endTemplate()
        .endSpec()
        .withNewStatus().withReplicas(app.replicas()).withReadyReplicas(healthy).withAvailableReplicas(healthy)
        .withFullyLabeledReplicas(app.replicas()).withObservedGeneration(1L).endStatus()
        .build();
  }

  /**
   * An earlier revision of the app, scaled to zero as the Deployment controller leaves it: the same
   * template with the image {@code revision} releases back, so the History tab has something to roll
   * back to.
   */
  private ReplicaSet earlierReplicaSet(App app, Map<String, String> labels, String image, int revision, OwnerReference owner) {
    // Mixed so that revisions of one app do not share the hash's leading digits.
    String hash = String.format("%08x", (app.namespace() + app.name()).hashCode() * 31 ^ revision * 0x9E3779B9);
    Map<String, String> rsLabels = withHash(labels, hash);
    PodSpec spec = podSpec(app, null, app.serviceAccount());
    spec.getContainers().getFirst().setImage(image);
    return new ReplicaSetBuilder()
        .withMetadata(meta(app.namespace(), app.name() + "-" + hash, rsLabels, now.minusSeconds(86_400L * (2 + 9 * (3 - revision)))))
        .editMetadata().withOwnerReferences(owner).addToAnnotations("deployment.kubernetes.io/revision", Integer.toString(revision))
        .addToAnnotations(CHANGE_CAUSE, changeCause(image)).endMetadata()
        .withNewSpec().withReplicas(0)
        .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", app.name(), "pod-template-hash", hash)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(rsLabels).endMetadata().withSpec(spec).endTemplate().endSpec()
        .withNewStatus().withReplicas(0).withObservedGeneration(1L).endStatus()
        .build();
  }

  private static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  /** Apps whose pods keep data in an emptyDir volume. */
  private static final java.util.Set<String> SCRATCH = java.util.Set.of("monitoring/grafana");
  /** x.y.z, with EKS's build suffix kept (an add-on's earlier release is another eksbuild of an earlier version). */
  private static final java.util.regex.Pattern SEMVER_TAG =
      java.util.regex.Pattern.compile("^(.*:v?)(\\d+)\\.(\\d+)\\.(\\d+)(-(?:minimal-)?eksbuild\\.\\d+)?$");

  /** The image {@code back} releases before {@code image} (patch releases, then the minor before); null for a tag that is no x.y.z. */
  static String earlierImage(String image, int back) {
    var m = SEMVER_TAG.matcher(image);
    if (!m.matches()) {
      return null;
    }
    int minor = Integer.parseInt(m.group(3));
    int patch = Integer.parseInt(m.group(4));
    String build = m.group(5) == null ? "" : m.group(5);
    if (patch >= back) {
      return m.group(1) + m.group(2) + "." + minor + "." + (patch - back) + build;
    }
    return minor == 0 ? null : m.group(1) + m.group(2) + "." + (minor - 1) + "." + (patch + 4 - back) + build;
  }

  private static String changeCause(String image) {
    return "deploy-bot: release " + image.substring(image.lastIndexOf(':') + 1);
  }

  private static int healthy(App app) {
    return app.trouble().kind() == Trouble.Kind.NONE ? app.replicas() : app.replicas() - 1;
  }

  private Pod pod(App app, Map<String, String> labels, String hash, String name, int index, Trouble.Kind trouble, OwnerReference owner) {
    Node node = trouble == Trouble.Kind.PENDING ? null : nodes.get(index % nodes.size());
    Instant started = now.minusSeconds(86_400 * 2 - index * 37L);
    // The ServiceAccount admission plugin fills in "default" for a pod whose template names none.
    String serviceAccount = app.serviceAccount() == null ? "default" : app.serviceAccount();
    var builder = new PodBuilder()
        .withMetadata(meta(app.namespace(), name, withHash(labels, hash), started))
        .editMetadata().withOwnerReferences(owner).endMetadata()
        .withSpec(podSpec(app, node == null ? null : node.name(), serviceAccount));
    if (trouble == Trouble.Kind.PENDING) {
      raiseAsTheSchedulerSays(builder, app);
    }
    // A pod no node took has not started: the kubelet sets startTime, and no kubelet has it.
    var status = builder.withNewStatus().withQosClass("Burstable").withStartTime(trouble == Trouble.Kind.PENDING ? null : started.toString());
    switch (trouble) {
      case PENDING -> status.withPhase("Pending")
          .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
          .withMessage(app.trouble().detail()).withLastTransitionTime(now.minusSeconds(900).toString()).endCondition();
      case IMAGE_PULL -> status.withPhase("Pending").withHostIP(node.ip()).withPodIP(podIp(node, name))
          .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
          .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady")
          .withMessage("containers with unready status: [" + app.name() + "]").endCondition()
          .withContainerStatuses(pullingBackOff(app));
      case CRASH_LOOP -> status.withPhase("Running").withHostIP(node.ip()).withPodIP(podIp(node, name))
          .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady").endCondition()
          .withContainerStatuses(crashLooping(app, started));
      case NONE -> status.withPhase("Running").withHostIP(node.ip()).withPodIP(podIp(node, name))
          .addNewCondition().withType("Ready").withStatus("True").endCondition()
          .withContainerStatuses(running(app, started, index == 0 && app.image().endsWith(TAG_PUSHED_AGAIN)));
    }
    return status.endStatus().build();
  }

  /**
   * A pending pod whose scheduler message says a node lacks CPU or memory asks for more than any
   * node offers (4 cores, 16 GiB against 3920m and ~14.4 GiB allocatable): the Vertical Pod
   * Autoscaler raised it at admission, as its annotation says. So a node's allocated resources and
   * the message agree, and the pod differs from its template the way a VPA-managed pod does.
   */
  private static void raiseAsTheSchedulerSays(PodBuilder pod, App app) {
    String message = app.trouble().detail();
    Map<String, Quantity> raised = new java.util.LinkedHashMap<>();
    if (message.contains("Insufficient cpu")) {
      raised.put("cpu", new Quantity("4"));
    }
    if (message.contains("Insufficient memory")) {
      raised.put("memory", new Quantity("16Gi"));
    }
    if (raised.isEmpty()) {
      return;
    }
    pod.editMetadata().addToAnnotations("vpaUpdates", "Pod resources updated by " + app.name() + ": container 0: "
            + String.join(", ", raised.keySet().stream().map(r -> r + " request").toList()))
        .addToAnnotations("vpaObservedContainers", app.name()).endMetadata()
        .editSpec().editFirstContainer().editResources().addToRequests(raised)
        // The VPA keeps a limit in proportion to its request (512Mi over 256Mi in the template).
        .addToLimits(raised.containsKey("memory") ? Map.of("memory", new Quantity("32Gi")) : Map.of()).endResources().endContainer().endSpec();
  }

  private PodSpec podSpec(App app, String nodeName, String serviceAccount) {
    var spec = new PodSpecBuilder().withNodeName(nodeName).withServiceAccountName(serviceAccount)
        .addNewContainer().withName(app.name()).withImage(app.image())
        .addNewPort().withName("http").withContainerPort(app.port()).endPort()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")))
        .withLimits(Map.of("memory", new Quantity("512Mi"))).endResources()
        // Probes as the apiserver stores them, its defaults filled in: a Summary prints them as kubectl describe does.
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort("http").withScheme("HTTP").endHttpGet()
        .withInitialDelaySeconds(0).withTimeoutSeconds(1).withPeriodSeconds(5).withSuccessThreshold(1).withFailureThreshold(3).endReadinessProbe()
        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort("http").withScheme("HTTP").endHttpGet()
        .withInitialDelaySeconds(10).withTimeoutSeconds(1).withPeriodSeconds(10).withSuccessThreshold(1).withFailureThreshold(3).endLivenessProbe()
        .endContainer();
    if (SCRATCH.contains(app.namespace() + "/" + app.name())) {
      // Grafana's chart without persistence keeps its database in an emptyDir: a drain asks before it goes.
      spec.addNewVolume().withName("storage").withNewEmptyDir().endEmptyDir().endVolume()
          .editFirstContainer().addNewVolumeMount().withName("storage").withMountPath("/var/lib/grafana").endVolumeMount().endContainer()
          // Its dashboards ConfigMap, one file of it mounted with subPath: a Related tab says that mount never sees an update.
          .addNewVolume().withName("dashboards").withNewConfigMap().withName("grafana-dashboards").endConfigMap().endVolume()
          .editFirstContainer().addNewVolumeMount().withName("dashboards").withMountPath("/var/lib/grafana/dashboards/fleet.json")
          .withSubPath("fleet.json").endVolumeMount().endContainer();
    }
    if (app.namespace().equals("payments") && app.name().equals("payments-api")) {
      // Its settings and database password, as the showcase cluster's ConfigMap and Secret hold them.
      spec.editFirstContainer().addNewEnvFrom().withNewConfigMapRef().withName("payments-api-config").endConfigMapRef().endEnvFrom()
          .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("payments-db").withKey("password")
          .endSecretKeyRef().endValueFrom().endEnv().endContainer();
    }
    return spec.build();
  }

  private static ContainerStatus pullingBackOff(App app) {
    return new ContainerStatusBuilder().withName(app.name()).withImage(app.image()).withImageID("").withReady(false).withStarted(false)
        .withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
        .withMessage("Back-off pulling image \"" + app.image() + "\"").endWaiting().endState().build();
  }

  /**
   * @param earlierBuild the pod pulled its tag before someone pushed the tag again: its kubelet runs
   *     another build than its replicas' (the Images page shows two builds of one tag)
   */
  private static ContainerStatus running(App app, Instant started, boolean earlierBuild) {
    String imageId = ImageDigests.imageId(app.image());
    if (earlierBuild) {
      imageId = imageId.substring(0, imageId.indexOf('@') + 1) + ImageDigests.digest(app.image() + " before it was pushed again");
    }
    return new ContainerStatusBuilder().withName(app.name()).withImage(app.image()).withImageID(imageId)
        .withReady(true).withStarted(true).withRestartCount(0).withNewState().withNewRunning().withStartedAt(started.plusSeconds(9).toString()).endRunning()
        .endState().build();
  }

  private ContainerStatus crashLooping(App app, Instant started) {
    return new ContainerStatusBuilder().withName(app.name()).withImage(app.image()).withImageID(ImageDigests.imageId(app.image()))
        .withReady(false).withStarted(false).withRestartCount(17)
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
        .withMessage("back-off 5m0s restarting failed container=" + app.name()).endWaiting().endState()
        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
        .withStartedAt(now.minusSeconds(320).toString()).withFinishedAt(now.minusSeconds(318).toString())
        .endTerminated().endLastState()
        .build();
  }

  static ObjectMeta meta(String namespace, String name, Map<String, String> labels, Instant created) {
    return new ObjectMetaBuilder().withNamespace(namespace).withName(name).withLabels(labels)
        .withCreationTimestamp(created.toString()).build();
  }

  static OwnerReference ownerOf(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** A pod address in its node's /24, stable per pod name. */
  private static String podIp(Node node, String podName) {
    String ip = node.ip();
    return ip.substring(0, ip.lastIndexOf('.') + 1) + (20 + Math.abs(podName.hashCode()) % 200);
  }

  private static Map<String, String> withHash(Map<String, String> labels, String hash) {
    var m = new java.util.HashMap<>(labels);
    m.put("pod-template-hash", hash);
    return Map.copyOf(m);
  }

  /** The characters the apiserver's random names and the controllers' hashes are spelled in (rand.SafeEncodeString's). */
  private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";

  /**
   * The hash a controller names a pod template's ReplicaSet or ControllerRevision by, as controller.ComputeHash makes it:
   * the 32-bit FNV-1a of the template (here its JSON as stored, which Go's printed struct stands for), its decimal digits
   * safe-encoded one by one, so up to ten characters such as {@code 5d8f9c7b54}. The same template hashes alike on every
   * start, and two templates seldom share more than a character or two.
   */
  static String templateHash(com.fasterxml.jackson.databind.JsonNode template) {
    int hash = 0x811c9dc5; // FNV-32 offset basis
    for (byte b : template.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193; // FNV-32 prime
    }
    String digits = Integer.toUnsignedString(hash);
    StringBuilder encoded = new StringBuilder(digits.length());
    for (char c : digits.toCharArray()) {
      encoded.append(SAFE.charAt(c % SAFE.length()));
    }
    return encoded.toString();
  }

  static String suffix(String name, int index) {
    String alphabet = SAFE;
    int h = Math.abs((name + index).hashCode());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(alphabet.charAt(h % alphabet.length()));
      h /= alphabet.length();
    }
    return sb.toString();
  }
}
