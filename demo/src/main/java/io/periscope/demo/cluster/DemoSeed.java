package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a {@link DemoEstate} into a mock apiserver: what a real cluster with those workloads would hold. */
public final class DemoSeed {
  private static final String IRSA = "eks.amazonaws.com/role-arn";
  private final StoreWriter store;
  private final DemoEstate estate;
  private final Instant now;

  DemoSeed(StoreWriter store, DemoEstate estate, Instant now) {
    this.store = store;
    this.estate = estate;
    this.now = now;
  }

  void seedAll() {
    estate.namespaces().forEach(ns -> store.create(new NamespaceBuilder()
        .withMetadata(Workloads.meta(null, ns, Map.of("kubernetes.io/metadata.name", ns), now.minusSeconds(86_400 * 90)))
        .withNewStatus().withPhase("Active").endStatus().build()));
    serviceAccounts();
    for (int i = 0; i < estate.nodes().size(); i++) {
      node(estate.nodes().get(i), i);
    }
    var workloads = new Workloads(store, estate.readyNodes(), now);
    Map<DemoEstate.App, List<String>> pods = new LinkedHashMap<>();
    estate.apps().forEach(app -> pods.put(app, workloads.create(app)));
    estate.nodeAgents().forEach(agent -> NodeAgents.create(store, agent, estate.nodes(), now));
    new DemoRbacObjects(store, now).seed(estate);
    store.create(CertManagerCrd.definition());
    if (estate.showcase()) {
      awsAuth();
      configAndSecrets();
      batch();
      CertManagerCrd.seedCertificates(store, now);
      KarpenterDemo.seed(store, estate.nodes(), estate.platform().instanceType(), now);
      DemoEviction.seed(store, now);
      debugPod();
      // A pod deleted when its node stopped answering, still terminating: only a forced deletion removes it.
      estate.nodes().stream().filter(n -> !n.ready()).findFirst().ifPresent(lost -> pods.entrySet().stream()
          .filter(e -> e.getKey().name().equals("checkout-web")).findFirst()
          .ifPresent(e -> PodsOnLostNodes.seedStuckPod(store, "checkout", e.getValue().getFirst(), lost, now, 47)));
      DemoExposure.seed(store, now);
      autoscalers();
      quota();
    }
    // After everything a chart renders is stored: each release's manifest is made of its objects.
    estate.helm().forEach(chart -> store.create(HelmReleaseSecret.of(chart, 1, now.minusSeconds(86_400 * 12), "deployed",
        HelmManifests.of(store, chart, estate.apps(), true,
            estate.showcase() && chart.release().equals("payments-api") ? HelmManifests::handEditedPayments : docs -> { }))));
    estate.helm().stream().filter(c -> c.release().equals("influxdb")).findFirst().ifPresent(this::failedUpgrade);
    events(pods);
  }

  /** Every namespace's {@code default} ServiceAccount and one per app that names its own, with their IRSA annotations. */
  private void serviceAccounts() {
    Set<String> names = new LinkedHashSet<>();
    estate.namespaces().forEach(ns -> names.add(ns + "/default"));
    estate.apps().stream().filter(a -> a.serviceAccount() != null).forEach(a -> names.add(a.namespace() + "/" + a.serviceAccount()));
    estate.nodeAgents().forEach(a -> names.add(a.namespace() + "/" + a.name()));
    for (String name : names) {
      String[] nsName = name.split("/", 2);
      var meta = Workloads.meta(nsName[0], nsName[1], Map.of(), now.minusSeconds(86_400 * (nsName[1].equals("default") ? 90 : 30)));
      String role = estate.irsa().get(name);
      if (role != null) {
        meta.setAnnotations(Map.of(IRSA, role));
      }
      store.create(new ServiceAccountBuilder().withMetadata(meta).build());
    }
  }

  /** The i-th node: on EC2 from the managed node group, or (showcase) launched by Karpenter for its NodeClaim. */
  private void node(DemoEstate.Node n, int i) {
    DemoEstate.Platform p = estate.platform();
    Map<String, String> labels = new LinkedHashMap<>(Map.of("kubernetes.io/hostname", n.name(), "kubernetes.io/os", "linux",
        "kubernetes.io/arch", "amd64", "node.kubernetes.io/instance-type", p.instanceType(), "topology.kubernetes.io/zone", n.zone()));
    if (p.ec2()) {
      // A showcase estate's nodes each have a NodeClaim (KarpenterDemo): labelled as Karpenter labels them. The
      // others belong to the managed node group the fake EKS lists for their cluster (eks-lifecycle.yaml: `default`).
      labels.putAll(estate.showcase() ? KarpenterDemo.nodeLabels(i, estate.nodes().size()) : Map.of("eks.amazonaws.com/nodegroup", "default"));
      labels.put("topology.kubernetes.io/region", n.zone().substring(0, n.zone().length() - 1));
    } else if (n.name().endsWith("01")) {
      labels.put("node-role.kubernetes.io/control-plane", "true");
    }
    String providerId = p.ec2() ? "aws:///" + n.zone() + "/" + io.periscope.demo.aws.Ec2InstanceIds.of(n.name()) : "k3s://" + n.name();
    var builder = new NodeBuilder()
        .withMetadata(Workloads.meta(null, n.name(), labels, now.minusSeconds(86_400 * 14)))
        .withNewSpec().withProviderID(providerId).endSpec();
    if (!n.ready()) {
      String taint = p.ec2() ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable";
      builder.editSpec().addNewTaint().withKey(taint).withEffect("NoSchedule").endTaint().endSpec();
    }
    Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16009588Ki"), "pods", new Quantity(p.ec2() ? "58" : "110"));
    // What the kubelet keeps back for itself and the system (EKS on a 4-vCPU, 16 GiB instance).
    Map<String, Quantity> allocatable = Map.of("cpu", new Quantity("3920m"), "memory", new Quantity("15136372Ki"), "pods", capacity.get("pods"));
    store.create(builder.withNewStatus().withCapacity(capacity).withAllocatable(allocatable)
        .addNewCondition().withType("Ready").withStatus(n.ready() ? "True" : "Unknown")
        .withReason(n.ready() ? "KubeletReady" : "NodeStatusUnknown")
        .withMessage(n.ready() ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
        .withLastHeartbeatTime(now.minusSeconds(n.ready() ? 20 : 1_800).toString()).endCondition()
        .addNewAddress().withType("InternalIP").withAddress(n.ip()).endAddress()
        .withNewNodeInfo().withKubeletVersion(p.kubeletVersion()).withContainerRuntimeVersion(p.containerRuntime())
        .withOsImage(p.osImage()).withArchitecture("amd64").withOperatingSystem("linux").endNodeInfo()
        .endStatus().build());
  }

  /** kube-system/aws-auth mid-migration to access entries ({@code aws-auth.yaml} next to this class). */
  private void awsAuth() {
    try (var in = DemoSeed.class.getResourceAsStream("aws-auth.yaml")) {
      ConfigMap cm = Serialization.unmarshal(in, ConfigMap.class);
      cm.setMetadata(Workloads.meta("kube-system", "aws-auth", Map.of(), now.minusSeconds(86_400 * 400)));
      store.create(cm);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo's aws-auth.yaml", e);
    }
  }

  private void configAndSecrets() {
    estate.namespaces().forEach(ns -> store.create(new ConfigMapBuilder()
        .withMetadata(Workloads.meta(ns, "kube-root-ca.crt", Map.of(), now.minusSeconds(86_400 * 90)))
        .withData(Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIDemoOnlyNotARealCertificate\n-----END CERTIFICATE-----\n"))
        .build()));
    store.create(new ConfigMapBuilder()
        .withMetadata(Workloads.meta("payments", "payments-api-config", Map.of("app.kubernetes.io/name", "payments-api"), now))
        .withData(Map.of("LOG_LEVEL", "info", "LEDGER_URL", "http://ledger-worker.payments.svc:80", "FEATURE_3DS2", "true"))
        .build());
    store.create(new ConfigMapBuilder()
        .withMetadata(Workloads.meta("monitoring", "grafana-dashboards", Map.of("grafana_dashboard", "1"), now))
        .withData(Map.of("fleet.json", "{\"title\":\"Fleet overview\",\"panels\":[]}")).build());
    store.create(new SecretBuilder()
        .withMetadata(Workloads.meta("payments", "payments-db", Map.of("app.kubernetes.io/name", "payments-api"), now))
        .withType("Opaque")
        .withData(Map.of("username", b64("payments"), "password", b64("demo-only-not-a-secret")))
        .build());
    grafanaRelease("8.5.1", "11.2.0", 2, 9, "superseded");
    grafanaRelease("8.6.4", "11.3.0", 3, 2, "deployed");
  }

  /**
   * One revision of the grafana release: its values pin the image tag to the chart's app version, and
   * its manifest runs that image (the live Deployment runs the deployed revision's), so the revision
   * diff shows the values change and the image change it made, as a real upgrade does.
   */
  private void grafanaRelease(String chartVersion, String appVersion, int revision, int daysAgo, String status) {
    var chart = grafana(chartVersion, appVersion);
    String manifest = HelmManifests.of(store, chart, estate.apps(), status.equals("deployed"), docs -> HelmManifests.find(docs, "Deployment")
        .ifPresent(d -> d.withArray("/spec/template/spec/containers").forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c)
            .put("image", "grafana/grafana:" + appVersion))));
    store.create(HelmReleaseSecret.of(chart, revision, now.minusSeconds(86_400L * daysAgo), status, manifest));
  }

  /**
   * An upgrade that failed ({@code helm upgrade --wait} timed out): Helm marks the new revision {@code failed} and
   * leaves the one before it {@code deployed}, so the list shows the failure and drift still compares with what runs.
   */
  private void failedUpgrade(DemoEstate.HelmChart installed) {
    String appVersion = nextPatch(installed.appVersion());
    var chart = new DemoEstate.HelmChart(installed.namespace(), installed.release(), installed.chart(), nextPatch(installed.version()),
        appVersion, installed.description());
    String manifest = HelmManifests.of(store, chart, estate.apps(), false, docs -> HelmManifests.find(docs, "Deployment")
        .ifPresent(d -> d.withArray("/spec/template/spec/containers").forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c)
            .put("image", c.path("image").asText().replaceFirst(":[^:]*$", ":" + appVersion)))));
    store.create(HelmReleaseSecret.of(chart, 2, now.minusSeconds(3_600), "failed",
        "Upgrade \"" + chart.release() + "\" failed: context deadline exceeded", manifest));
  }

  /** {@code 2.7.10} → {@code 2.7.11}. */
  private static String nextPatch(String version) {
    int dot = version.lastIndexOf('.');
    return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
  }

  private static DemoEstate.HelmChart grafana(String chartVersion, String appVersion) {
    return new DemoEstate.HelmChart("monitoring", "grafana", "grafana", chartVersion, appVersion,
        "The leading tool for querying and visualizing time series and metrics.");
  }

  private static final String DEBUG_IMAGE = "nicolaka/netshoot";

  /**
   * A pod someone started by hand to debug ({@code kubectl run}, the image without a tag, so
   * {@code :latest}): no controller owns it, so a drain of its node asks before evicting it, as
   * {@code kubectl drain} wants {@code --force}.
   */
  private void debugPod() {
    String pulled = "docker.io/" + DEBUG_IMAGE + ":latest"; // what the kubelet reports it ran
    DemoEstate.Node node = estate.readyNodes().getFirst();
    Instant started = now.minusSeconds(3 * 3600);
    store.create(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withMetadata(Workloads.meta("default", "netshoot-debug", Map.of("run", "netshoot-debug"), started))
        .withNewSpec().withNodeName(node.name()).withRestartPolicy("Never").addNewContainer().withName("netshoot-debug")
        .withImage(DEBUG_IMAGE).withCommand("sleep", "infinity").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withQosClass("BestEffort").withHostIP(node.ip())
        .withPodIP(node.ip().substring(0, node.ip().lastIndexOf('.') + 1) + "240").withStartTime(started.toString())
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("netshoot-debug").withImage(pulled)
        .withImageID(io.periscope.demo.aws.ImageDigests.imageId(pulled)).withReady(true).withStarted(true)
        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(started.plusSeconds(5).toString()).endRunning().endState()
        .endContainerStatus().endStatus().build());
  }

  private void batch() {
    CronJob settlement = store.create(new CronJobBuilder()
        .withMetadata(Workloads.meta("payments", "settlement", Map.of("app.kubernetes.io/name", "settlement"), now.minusSeconds(86_400 * 30)))
        .withNewSpec().withSchedule("0 * * * *").withConcurrencyPolicy("Forbid").withNewJobTemplate().withNewSpec()
        .withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("settle")
        .withImage("ghcr.io/example/settlement:1.2.0").withArgs("--window=1h").endContainer().endSpec().endTemplate()
        .endSpec().endJobTemplate().endSpec()
        .withNewStatus().withLastScheduleTime(now.minusSeconds(600).toString())
        .withLastSuccessfulTime(now.minusSeconds(540).toString()).endStatus().build());
    store.create(new CronJobBuilder()
        .withMetadata(Workloads.meta("platform", "cert-rotation", Map.of(), now.minusSeconds(86_400 * 60)))
        .withNewSpec().withSchedule("30 3 * * 0").withSuspend(true).withNewJobTemplate().withNewSpec()
        .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("rotate")
        .withImage("ghcr.io/example/cert-rotation:0.3.1").endContainer().endSpec().endTemplate()
        .endSpec().endJobTemplate().endSpec().build());
    // The runs its history limits keep (3 successful, 1 failed): the one two hours ago ran out of retries.
    settlementRun(settlement, "settlement-29399820", 3 * 3_600 + 600, 75, null);
    settlementRun(settlement, "settlement-29399880", 2 * 3_600 + 600, 190, "ledger unreachable");
    settlementRun(settlement, "settlement-29399940", 3_600 + 600, 64, null);
    settlementRun(settlement, "settlement-29400000", 600, 60, null);
    store.create(new JobBuilder()
        .withMetadata(Workloads.meta("platform", "db-migrate-20261122", Map.of("app.kubernetes.io/name", "db-migrate"), now.minusSeconds(86_400)))
        .withNewSpec().withBackoffLimit(2).withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
        .withName("migrate").withImage("ghcr.io/example/migrations:2026.11.22").endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withFailed(3).withStartTime(now.minusSeconds(86_400).toString())
        .addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
        .withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build());
  }

  /** One hourly run of settlement, started {@code agoSeconds} ago: complete after {@code seconds}, or failed with {@code failure}. */
  private void settlementRun(CronJob settlement, String name, long agoSeconds, long seconds, String failure) {
    var started = now.minusSeconds(agoSeconds);
    var status = new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withStartTime(started.toString());
    if (failure == null) {
      status.withSucceeded(1).withCompletionTime(started.plusSeconds(seconds).toString())
          .addNewCondition().withType("Complete").withStatus("True").endCondition();
    } else {
      status.withFailed(4).addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
          .withMessage("Job has reached the specified backoff limit (" + failure + ")")
          .withLastTransitionTime(started.plusSeconds(seconds).toString()).endCondition();
    }
    store.create(new JobBuilder()
        .withMetadata(Workloads.meta("payments", name, Map.of("app.kubernetes.io/name", "settlement"), started))
        .editMetadata().withOwnerReferences(Workloads.ownerOf(settlement)).endMetadata()
        .withNewSpec().withCompletions(1).withBackoffLimit(3).withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer()
        .withName("settle").withImage("ghcr.io/example/settlement:1.2.0").endContainer().endSpec().endTemplate().endSpec()
        .withStatus(status.build()).build());
  }

  /** checkout's compute quota, nearly spent: one more pod fits, and its CPU requests are at 95 % (the next rollout's surge may be refused). */
  private void quota() {
    ResourceQuota quota = store.create(new ResourceQuotaBuilder()
        .withMetadata(Workloads.meta("checkout", "compute", Map.of(), now.minusSeconds(86_400 * 60)))
        .withNewSpec().withHard(Map.of("pods", new Quantity("20"), "requests.cpu", new Quantity("4"), "requests.memory", new Quantity("8Gi"),
            "limits.memory", new Quantity("16Gi"))).endSpec().build());
    quota.setStatus(new ResourceQuotaStatusBuilder()
        .withHard(Map.of("pods", new Quantity("20"), "requests.cpu", new Quantity("4"), "requests.memory", new Quantity("8Gi"),
            "limits.memory", new Quantity("16Gi")))
        .withUsed(Map.of("pods", new Quantity("19"), "requests.cpu", new Quantity("3800m"), "requests.memory", new Quantity("6Gi"),
            "limits.memory", new Quantity("12Gi"))).build());
    store.updateStatus(quota, "resourcequotas");
  }

  /**
   * Two HorizontalPodAutoscalers: payments-api within its range, and checkout-web held at its
   * maximum while its CPU asks for more (ScalingLimited, the state an SRE wants to see first).
   */
  private void autoscalers() {
    store.create(hpa("payments", "payments-api", 3, 10, 70, 62, 3, 3, false));
    store.create(hpa("checkout", "checkout-web", 1, 2, 60, 94, 2, 2, true));
  }

  private HorizontalPodAutoscaler hpa(String ns, String deployment, int min, int max, int targetCpu, int cpu, int current, int desired,
      boolean atMax) {
    String checked = now.minusSeconds(15).toString();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(Workloads.meta(ns, deployment, Map.of("app.kubernetes.io/name", deployment), now.minusSeconds(86_400 * 20)))
        .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(deployment).endScaleTargetRef()
        .withMinReplicas(min).withMaxReplicas(max)
        .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget().withType("Utilization")
        .withAverageUtilization(targetCpu).endTarget().endResource().endMetric().endSpec()
        .withNewStatus().withCurrentReplicas(current).withDesiredReplicas(desired).withLastScaleTime(now.minusSeconds(3_600 * 5).toString())
        .addNewCurrentMetric().withType("Resource").withNewResource().withName("cpu").withNewCurrent().withAverageUtilization(cpu)
        .withAverageValue(new Quantity(cpu * 5 + "m")).endCurrent().endResource().endCurrentMetric()
        .addNewCondition().withType("AbleToScale").withStatus("True").withReason("ReadyForNewScale")
        .withMessage("recommended size matches current size").withLastTransitionTime(checked).endCondition()
        .addNewCondition().withType("ScalingActive").withStatus("True").withReason("ValidMetricFound")
        .withMessage("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)")
        .withLastTransitionTime(checked).endCondition()
        .addNewCondition().withType("ScalingLimited").withStatus(atMax ? "True" : "False").withReason(atMax ? "TooManyReplicas" : "DesiredWithinRange")
        .withMessage(atMax ? "the desired replica count is more than the maximum replica count" : "the desired count is within the acceptable range")
        .withLastTransitionTime(checked).endCondition()
        .endStatus().build();
  }

  /** What the kubelet and scheduler report: a healthy start, then one story per troubled pod and NotReady node. */
  private void events(Map<DemoEstate.App, List<String>> pods) {
    pods.entrySet().stream().filter(e -> e.getKey().trouble().kind() == DemoEstate.Trouble.Kind.NONE && !e.getKey().namespace().equals("kube-system"))
        .findFirst().ifPresent(e -> {
          DemoEstate.App app = e.getKey();
          String pod = e.getValue().getFirst();
          String ns = app.namespace();
          event(ns, "Pod", pod, "Normal", "Scheduled", "Successfully assigned " + ns + "/" + pod + " to " + estate.readyNodes().getFirst().name(), 1);
          event(ns, "Pod", pod, "Normal", "Pulled", "Container image \"" + app.image() + "\" already present on machine", 1);
          event(ns, "Pod", pod, "Normal", "Started", "Started container " + app.name(), 1);
        });
    pods.forEach((app, names) -> {
      String pod = names.getLast();
      String ns = app.namespace();
      switch (app.trouble().kind()) {
        case CRASH_LOOP -> event(ns, "Pod", pod, "Warning", "BackOff", "Back-off restarting failed container " + app.name() + " in pod " + pod, 214);
        case IMAGE_PULL -> {
          event(ns, "Pod", pod, "Warning", "Failed", "Failed to pull image \"" + app.image() + "\": " + app.trouble().detail(), 6);
          event(ns, "Pod", pod, "Normal", "BackOff", "Back-off pulling image \"" + app.image() + "\"", 118);
        }
        case PENDING -> {
          event(ns, "Pod", pod, "Warning", "FailedScheduling", app.trouble().detail(), 31);
          if (estate.showcase()) KarpenterDemo.spotPoolAtItsLimit(store, now, ns, pod, 900);
        }
        case NONE -> { }
      }
    });
    estate.nodes().stream().filter(n -> !n.ready()).forEach(n ->
        event("default", "Node", n.name(), "Warning", "NodeNotReady", "Node " + n.name() + " status is now: NodeNotReady", 1));
    if (estate.showcase()) {
      event("platform", "Job", "db-migrate-20261122", "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 1);
    }
  }

  private void event(String ns, String kind, String name, String type, String reason, String message, int count) {
    String apiVersion = kind.equals("Job") ? "batch/v1" : "v1";
    store.create(new EventBuilder()
        .withMetadata(Workloads.meta(ns, name + "." + Long.toHexString(Math.abs((name + reason).hashCode())), Map.of(), now))
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name)
            .withNamespace(kind.equals("Node") ? null : ns).build())
        .withType(type).withReason(reason).withMessage(message).withCount(count)
        .withFirstTimestamp(now.minusSeconds(3_600).toString()).withLastTimestamp(now.minusSeconds(30).toString())
        .withNewSource().withComponent(reason.equals("FailedScheduling") ? "default-scheduler"
            : kind.equals("Job") ? "job-controller" : kind.equals("Node") ? "node-controller" : "kubelet").endSource()
        .build());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
