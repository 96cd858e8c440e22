package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the production estate back through the kubeconfig a plain demo cluster writes, as the console's connector does. */
class DemoClusterTest {
  private static final DemoEstate ESTATE = DemoEstate.production();
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(ESTATE, Clock.systemUTC());
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void kubeconfigPointsAtLoopbackOverHttpsTrustingTheServingCertificate() {
    assertThat(client.getMasterUrl().toString()).startsWith("https://127.0.0.1:" + cluster.url().getPort());
    assertThat(client.getConfiguration().getCaCertData()).isNotBlank();
    assertThat(client.getConfiguration().isTrustCerts()).as("the CA is trusted, not every certificate").isFalse();
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(ESTATE.kubernetesVersion());
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("31");
  }

  @Test
  void seedsTheNamespacesAndNodes() {
    assertThat(names(client.namespaces().list().getItems())).containsExactlyInAnyOrderElementsOf(ESTATE.namespaces());
    List<Node> nodes = client.nodes().list().getItems();
    assertThat(nodes).hasSize(3);
    assertThat(nodes).filteredOn(n -> n.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && !c.getStatus().equals("True")))
        .extracting(n -> n.getMetadata().getName()).containsExactly("ip-10-0-3-13.ec2.internal");
  }

  @Test
  void podsBelongToReplicaSetsOwnedByDeployments() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    int expected = ESTATE.apps().stream().mapToInt(DemoEstate.App::replicas).sum();
    // Besides the apps' pods: Karpenter's pending ones, the node agents', one started by hand (no owner)
    // and one stuck terminating on the lost node (replaced already).
    assertThat(pods).filteredOn(p -> !karpenterPending(p) && !p.getMetadata().getOwnerReferences().isEmpty()
        && !p.getMetadata().getOwnerReferences().getFirst().getKind().equals("DaemonSet")
        && p.getMetadata().getDeletionTimestamp() == null).hasSize(expected);
    assertThat(pods).filteredOn(p -> p.getMetadata().getDeletionTimestamp() != null).extracting(p -> p.getSpec().getNodeName())
        .containsExactly("ip-10-0-3-13.ec2.internal");
    assertThat(pods).filteredOn(p -> p.getMetadata().getOwnerReferences().isEmpty()).extracting(p -> p.getMetadata().getName())
        .containsExactly("netshoot-debug");
    Pod pod = client.pods().inNamespace("payments").list().getItems().getFirst();
    var rsRef = pod.getMetadata().getOwnerReferences().getFirst();
    assertThat(rsRef.getKind()).isEqualTo("ReplicaSet");
    ReplicaSet rs = client.apps().replicaSets().inNamespace("payments").withName(rsRef.getName()).get();
    assertThat(rs.getMetadata().getUid()).isEqualTo(rsRef.getUid());
    var deployRef = rs.getMetadata().getOwnerReferences().getFirst();
    assertThat(deployRef.getKind()).isEqualTo("Deployment");
    assertThat(client.apps().deployments().inNamespace("payments").withName(deployRef.getName()).get().getMetadata().getUid())
        .isEqualTo(deployRef.getUid());
  }

  @Test
  void everyNodeRunsTheEksNodeAgentsAsDaemonSetPods() {
    assertThat(ESTATE.nodeAgents()).extracting(DemoEstate.NodeAgent::name).containsExactly("aws-node", "kube-proxy");
    for (var agent : ESTATE.nodeAgents()) {
      var ds = client.apps().daemonSets().inNamespace("kube-system").withName(agent.name()).get();
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
      assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
      List<Pod> pods = client.pods().inNamespace("kube-system").withLabel("k8s-app", agent.name()).list().getItems();
      assertThat(pods).extracting(p -> p.getSpec().getNodeName())
          .containsExactlyInAnyOrder("ip-10-0-1-11.ec2.internal", "ip-10-0-2-12.ec2.internal", "ip-10-0-3-13.ec2.internal");
      assertThat(pods).allSatisfy(p -> {
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("DaemonSet");
        assertThat(p.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(ds.getMetadata().getUid());
        assertThat(p.getStatus().getPodIP()).isEqualTo(p.getStatus().getHostIP());
        assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(agent.image());
      });
      assertThat(client.serviceAccounts().inNamespace("kube-system").withName(agent.name()).get()).isNotNull();
    }
  }

  @Test
  void hasOneCrashLoopingOneImagePullBackOffAndOneUnschedulablePod() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    assertThat(pods).filteredOn(p -> waiting(p, "CrashLoopBackOff"))
        .singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).startsWith("ledger-worker-"));
    assertThat(pods).filteredOn(p -> waiting(p, "ImagePullBackOff"))
        .singleElement().satisfies(p -> {
          assertThat(p.getMetadata().getName()).startsWith("recommendations-");
          assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
          assertThat(p.getSpec().getNodeName()).as("scheduled, but its image never arrives").isNotNull();
        });
    assertThat(pods).filteredOn(p -> p.getStatus().getPhase().equals("Pending") && p.getSpec().getNodeName() == null && !karpenterPending(p))
        .singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).startsWith("cart-service-"));
  }

  /** The kubelet sets startTime when it takes a pod; no kubelet took an unscheduled one, on any seeded cluster. */
  @Test
  void aPodNoNodeTookHasNoStartTime() {
    assertThat(client.pods().inAnyNamespace().list().getItems()).filteredOn(p -> p.getSpec().getNodeName() == null)
        .isNotEmpty().allSatisfy(p -> assertThat(p.getStatus().getStartTime()).as(p.getMetadata().getName()).isNull());
  }

  /** One of the pods the Karpenter showcase adds (no Deployment; the Karpenter tests look at them). */
  private static boolean karpenterPending(Pod p) {
    return KarpenterDemo.PENDING_PODS.contains(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
  }

  private static boolean waiting(Pod p, String reason) {
    return p.getStatus().getContainerStatuses().stream()
        .anyMatch(s -> s.getState().getWaiting() != null && reason.equals(s.getState().getWaiting().getReason()));
  }

  @Test
  void servesNetworkingWithAnIngressInFrontOfCheckoutWeb() {
    assertThat(client.getApiGroups().getGroups()).anySatisfy(g -> assertThat(g.getName()).isEqualTo("networking.k8s.io"));
    assertThat(client.getApiResources("networking.k8s.io/v1").getResources()).extracting(r -> r.getName())
        .contains("ingresses", "ingressclasses", "networkpolicies");
    var ingress = client.network().v1().ingresses().inNamespace("checkout").withName("checkout-web").get();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName())
        .isEqualTo("checkout-web");
    assertThat(ingress.getStatus().getLoadBalancer().getIngress()).isNotEmpty();
    assertThat(client.services().inNamespace("checkout").withName("checkout-web").get()).isNotNull();
    assertThat(client.network().v1().ingressClasses().withName("nginx").get().getSpec().getController()).isEqualTo("k8s.io/ingress-nginx");
  }

  @Test
  void serviceAccountsCarryTheirIrsaRolesAndPodsWithoutOneUseDefault() {
    assertThat(client.serviceAccounts().inNamespace("platform").withName("deploy-bot").get().getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/prod-deploy-bot");
    assertThat(client.serviceAccounts().inAnyNamespace().list().getItems()).filteredOn(sa -> sa.getMetadata().getName().equals("default"))
        .hasSize(ESTATE.namespaces().size());
    var report = client.apps().deployments().inNamespace("platform").withName("nightly-report").get();
    assertThat(report.getSpec().getTemplate().getSpec().getServiceAccountName()).as("the template names none").isNull();
    assertThat(firstPod("nightly-report").getSpec().getServiceAccountName()).as("admission fills in default").isEqualTo("default");
  }

  @Test
  void holdsTheChartsTierRbacAndApplicationRoles() {
    assertThat(names(client.rbac().clusterRoles().list().getItems()))
        .contains("cluster-admin", "admin", "edit", "view", "periscope-impersonator", "periscope-triage", "periscope-maintain", "deploy-bot");
    var triage = client.rbac().clusterRoleBindings().withName("periscope-tier-triage").get();
    assertThat(triage.getRoleRef().getName()).isEqualTo("periscope-triage");
    assertThat(triage.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("periscope-tier:triage"));
    var binding = client.rbac().roleBindings().inNamespace("payments").withName("payments-api-secrets").get();
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("payments-api");
    });
  }

  @Test
  void seedsServicesConfigSecretsBatchAndEvents() {
    assertThat(client.services().inNamespace("payments").withName("payments-api").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("payments").withName("payments-api-config").get().getData())
        .containsKey("LOG_LEVEL");
    assertThat(client.secrets().inNamespace("payments").withName("payments-db").get().getType()).isEqualTo("Opaque");
    var helm = client.secrets().inNamespace("monitoring").withName("sh.helm.release.v1.grafana.v3").get();
    assertThat(helm.getType()).isEqualTo("helm.sh/release.v1");
    byte[] helmPayload = Base64.getDecoder().decode(Base64.getDecoder().decode(helm.getData().get("release")));
    assertThat(helmPayload[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
    assertThat(client.batch().v1().cronjobs().inAnyNamespace().list().getItems()).hasSize(2);
    assertThat(client.batch().v1().jobs().inNamespace("payments").withName("settlement-29400000").get()
        .getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("CronJob");
    var events = client.v1().events().inAnyNamespace().list().getItems();
    assertThat(events).extracting(e -> e.getType()).contains("Normal", "Warning");
    assertThat(events).filteredOn(e -> e.getReason().equals("BackOff") && e.getType().equals("Warning")).singleElement()
        .satisfies(e -> assertThat(e.getInvolvedObject().getName()).startsWith("ledger-worker-"));
    assertThat(events).filteredOn(e -> e.getReason().equals("Failed")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith("Failed to pull image \"ghcr.io/example/recommendations:3.0.0-rc1\""));
  }

  @Test
  void servesTheCertificateCrdAndItsInstances() {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName("certificates.cert-manager.io").get();
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Certificate");
    List<GenericKubernetesResource> certs = client.genericKubernetesResources(CertManagerCrd.context())
        .inAnyNamespace().list().getItems();
    assertThat(certs).extracting(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName())
        .containsExactlyInAnyOrder("payments/payments-api", "checkout/checkout-web", "monitoring/grafana");
    GenericKubernetesResource failing = client.genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace("monitoring").withName("grafana").get();
    assertThat(failing.<String>get("status", "conditions", 0, "reason")).isEqualTo("Failed");
  }

  @Test
  void eventsCanBeSelectedByTypeAsOnARealApiserver() {
    var warnings = client.v1().events().inAnyNamespace().withField("type", "Warning").list().getItems();
    assertThat(warnings).extracting(e -> e.getReason())
        .containsExactlyInAnyOrder("BackOff", "FailedScheduling", "Failed", "NodeNotReady", "BackoffLimitExceeded",
            "FailedScheduling", "FailedScheduling", "FailedScheduling", "FailedScheduling"); // the last four: Karpenter's, about its pending pods
    assertThat(client.v1().events().inNamespace("payments").withField("type", "Warning").list().getItems())
        .extracting(e -> e.getReason()).containsExactlyInAnyOrder("BackOff", "FailedScheduling");
    assertThat(client.v1().events().inAnyNamespace().withField("type", "Normal").list().getItems())
        .isNotEmpty().allSatisfy(e -> assertThat(e.getType()).isEqualTo("Normal"));
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }

  private static Pod firstPod(String app) {
    return client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith(app + "-")).findFirst().orElseThrow();
  }

  @Test
  void podLogsAreBelievableLinesHonouringTailLines() {
    Pod pod = firstPod("payments-api");
    var log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    assertThat(log.getLog()).contains("starting payments-api").contains("path=/api/v1/orders status=200");
    assertThat(log.tailingLines(2).getLog().strip().lines()).hasSize(2);
  }

  @Test
  void onlyTheCrashLoopingPodHasAPreviousLogAndItsLatestInstanceCrashedToo() {
    List<Pod> workers = client.pods().inNamespace("payments").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("ledger-worker-")).toList();
    Pod crashing = workers.stream().filter(p -> {
      var last = p.getStatus().getContainerStatuses().getFirst().getLastState();
      return last != null && last.getTerminated() != null;
    }).findFirst().orElseThrow();
    var crashingLog = client.pods().inNamespace("payments").withName(crashing.getMetadata().getName());
    String previous = crashingLog.terminated().getLog();
    String latest = crashingLog.getLog();
    assertThat(previous).contains("panic: dial tcp");
    // kubectl logs of a container waiting to restart shows its last instance, which crashed the same way, at the same version.
    assertThat(latest).contains("panic: dial tcp").doesNotContain("listening");
    assertThat(version(latest)).isEqualTo(version(previous));
    Pod sibling = workers.stream().filter(p -> p != crashing).findFirst().orElseThrow();
    assertThat(client.pods().inNamespace("payments").withName(sibling.getMetadata().getName()).getLog()).contains("listening");
    assertThat(version(client.pods().inNamespace("payments").withName(sibling.getMetadata().getName()).getLog())).isEqualTo(version(previous));
    for (Pod healthy : List.of(sibling, firstPod("payments-api"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              client.pods().inNamespace("payments").withName(healthy.getMetadata().getName()).terminated().getLog())
          .hasMessageContaining("previous terminated container");
    }
  }

  private static String version(String log) {
    var m = java.util.regex.Pattern.compile("version=(\\S+)").matcher(log);
    assertThat(m.find()).as(log).isTrue();
    return m.group(1);
  }

  @Test
  void execRunsATinyShellThatEchoesAndExits() throws Exception {
    Pod pod = firstPod("payments-api");
    var out = new java.io.ByteArrayOutputStream();
    var exited = new java.util.concurrent.CompletableFuture<Integer>();
    try (var watch = client.pods().inNamespace("payments").withName(pod.getMetadata().getName())
        .redirectingInput().writingOutput(out).writingError(out).withTTY()
        .usingListener(new io.fabric8.kubernetes.client.dsl.ExecListener() {
          @Override
          public void onExit(int code, io.fabric8.kubernetes.api.model.Status status) {
            exited.complete(code);
          }

          @Override
          public void onClose(int code, String reason) {
            exited.complete(-1);
          }
        })
        .exec("/bin/sh")) {
      watch.getInput().write("echo hi there\rexit 3\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      watch.getInput().flush();
      assertThat(exited.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
    }
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("$ echo hi there\r\nhi there\r\n$ ");
  }

  @Test
  void servesDiscoveryForBuiltInKindsAndTheCrd() {
    assertThat(client.getApiResources("v1").getResources()).extracting(r -> r.getName()).contains("pods", "pods/log", "pods/exec", "secrets");
    assertThat(client.getApiResources("apps/v1").getResources()).extracting(r -> r.getName()).contains("deployments", "deployments/scale");
    assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
        .contains("apps", "batch", "rbac.authorization.k8s.io", CertManagerCrd.GROUP);
    assertThat(client.getApiResources("rbac.authorization.k8s.io/v1").getResources()).extracting(r -> r.getName())
        .containsExactlyInAnyOrder("clusterroles", "clusterrolebindings", "roles", "rolebindings");
    assertThat(client.getApiResources(CertManagerCrd.GROUP + "/v1").getResources()).extracting(r -> r.getName()).containsExactly("certificates");
  }

  @Test
  void anApplyOfAStaleResourceVersionIsAConflictAsTheApiserverWordsItDryRunOrNot() {
    var configMaps = client.configMaps().inNamespace("payments");
    String live = configMaps.withName("payments-api-config").get().getMetadata().getResourceVersion();
    var stale = new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("payments-api-config").withNamespace("payments").withResourceVersion("1").endMetadata()
        .addToData("stale", "edit").build();

    for (boolean dryRun : new boolean[] {true, false}) {
      var refused = org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
          () -> (dryRun ? configMaps.resource(stale).dryRun() : configMaps.resource(stale)).fieldManager("test").serverSideApply());
      assertThat(refused.getCode()).isEqualTo(409);
      assertThat(refused.getStatus().getReason()).as("what tells a stale read from other refusals").isEqualTo("Conflict");
      assertThat(refused.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"payments-api-config\": "
          + "the object has been modified; please apply your changes to the latest version and try again");
    }
    var after = configMaps.withName("payments-api-config").get();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(live);
    assertThat(after.getData()).doesNotContainKey("stale");
  }

  @Test
  void aDryRunCreateAnswersTheObjectStoresNothingAndRefusesATakenOrInvalidName() {
    var configMaps = client.configMaps().inNamespace("payments");
    var manifest = new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("dry-only").endMetadata().addToData("k", "v").build();
    var dry = configMaps.resource(manifest).dryRun().create();
    assertThat(dry.getMetadata().getNamespace()).isEqualTo("payments");
    assertThat(dry.getMetadata().getUid()).isNotBlank();
    assertThat(configMaps.withName("dry-only").get()).isNull();

    var taken = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("payments-api-config").endMetadata().build();
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> configMaps.resource(taken).dryRun().create()).getCode()).isEqualTo(409);
    var invalid = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("Not_A_Name").endMetadata().build();
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> configMaps.resource(invalid).dryRun().create()).getCode()).isEqualTo(422);
  }

  /** The metrics API, read as kubectl top reads it. */
  @Test
  void runningPodsAndReadyNodesHaveSteadyUsage() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<String> running = pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    var podMetrics = client.top().pods().metrics().getItems();
    assertThat(podMetrics).extracting(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(running).isNotEmpty();
    assertThat(client.top().pods().inNamespace("payments").metrics().getItems()).isNotEmpty()
        .allSatisfy(m -> assertThat(m.getMetadata().getNamespace()).isEqualTo("payments"));
    var first = podMetrics.getFirst().getContainers().getFirst();
    assertThat(first.getUsage().get("cpu").toString()).endsWith("m");
    assertThat(client.top().pods().metrics().getItems().getFirst().getContainers().getFirst().getUsage()).isEqualTo(first.getUsage());

    var nodes = client.top().nodes().metrics().getItems();
    var ready = client.nodes().list().getItems().stream().filter(n -> n.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).map(n -> n.getMetadata().getName()).toList();
    assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(ready);
    assertThat(client.getApiGroups().getGroups()).anySatisfy(g -> assertThat(g.getName()).isEqualTo("metrics.k8s.io"));
  }
}
