package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.demo.cluster.Workloads.App;
import io.periscope.demo.cluster.Workloads.Trouble;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** What the demo cluster contains. The lists are public so tests and docs can name them. */
public final class DemoSeed {
  public static final List<String> NAMESPACES = List.of("default", "kube-system", "payments", "checkout", "monitoring", "platform");
  public static final List<String> READY_NODES = List.of("ip-10-0-1-11.ec2.internal", "ip-10-0-2-12.ec2.internal");
  public static final String NOT_READY_NODE = "ip-10-0-3-13.ec2.internal";
  public static final String KUBERNETES_VERSION = "v1.31.4-eks-2d5f260";

  static final List<App> APPS = List.of(
      new App("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.3", 2, 53, Trouble.NONE),
      new App("payments", "payments-api", "ghcr.io/example/payments-api:2.14.1", 3, 8080, Trouble.NONE),
      new App("payments", "ledger-worker", "ghcr.io/example/ledger-worker:1.8.0", 2, 8080, Trouble.CRASH_LOOP),
      new App("checkout", "checkout-web", "ghcr.io/example/checkout-web:5.2.0", 2, 3000, Trouble.NONE),
      new App("checkout", "cart-service", "ghcr.io/example/cart-service:0.9.4", 2, 8080, Trouble.PENDING),
      new App("monitoring", "grafana", "grafana/grafana:11.3.0", 1, 3000, Trouble.NONE),
      new App("platform", "ingress-nginx-controller", "registry.k8s.io/ingress-nginx/controller:v1.11.3", 2, 80, Trouble.NONE));

  private final KubernetesClient client;
  private final Instant now;

  DemoSeed(KubernetesClient client, Instant now) {
    this.client = client;
    this.now = now;
  }

  void seedAll() {
    NAMESPACES.forEach(ns -> client.resource(new NamespaceBuilder()
        .withMetadata(Workloads.meta(null, ns, Map.of("kubernetes.io/metadata.name", ns), now.minusSeconds(86_400 * 90)))
        .withNewStatus().withPhase("Active").endStatus().build()).create());
    READY_NODES.forEach(n -> node(n, true));
    node(NOT_READY_NODE, false);
    var workloads = new Workloads(client, READY_NODES, now);
    Map<String, List<String>> pods = new java.util.HashMap<>();
    APPS.forEach(app -> pods.put(app.name(), workloads.create(app)));
    configAndSecrets();
    batch();
    CertManagerCrd.seed(client, now);
    events(pods);
  }

  private void node(String name, boolean ready) {
    String zone = "us-east-1" + (char) ('a' + Math.abs(name.hashCode()) % 3);
    var builder = new NodeBuilder()
        .withMetadata(Workloads.meta(null, name, Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
            "node.kubernetes.io/instance-type", "m6i.xlarge", "topology.kubernetes.io/zone", zone,
            "eks.amazonaws.com/nodegroup", "general"), now.minusSeconds(86_400 * 14)))
        .withNewSpec().withProviderID("aws:///" + zone + "/i-0" + Integer.toHexString(Math.abs(name.hashCode()))).endSpec();
    if (!ready) {
      builder.editSpec().addNewTaint().withKey("node.kubernetes.io/not-ready").withEffect("NoSchedule").endTaint().endSpec();
    }
    Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16009588Ki"), "pods", new Quantity("58"));
    client.resource(builder.withNewStatus().withCapacity(capacity).withAllocatable(capacity)
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown")
        .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
        .withMessage(ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
        .withLastHeartbeatTime(now.minusSeconds(ready ? 20 : 1_800).toString()).endCondition()
        .addNewAddress().withType("InternalIP").withAddress(Workloads.nodeIp(name)).endAddress()
        .withNewNodeInfo().withKubeletVersion("v1.31.4-eks-aeac579").withContainerRuntimeVersion("containerd://1.7.25")
        .withOsImage("Amazon Linux 2023.6.20250107").withArchitecture("amd64").withOperatingSystem("linux").endNodeInfo()
        .endStatus().build()).create();
  }

  private void configAndSecrets() {
    NAMESPACES.forEach(ns -> client.resource(new ConfigMapBuilder()
        .withMetadata(Workloads.meta(ns, "kube-root-ca.crt", Map.of(), now.minusSeconds(86_400 * 90)))
        .withData(Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIDemoOnlyNotARealCertificate\n-----END CERTIFICATE-----\n"))
        .build()).create());
    client.resource(new ConfigMapBuilder()
        .withMetadata(Workloads.meta("payments", "payments-api-config", Map.of("app.kubernetes.io/name", "payments-api"), now))
        .withData(Map.of("LOG_LEVEL", "info", "LEDGER_URL", "http://ledger-worker.payments.svc:80", "FEATURE_3DS2", "true"))
        .build()).create();
    client.resource(new ConfigMapBuilder()
        .withMetadata(Workloads.meta("monitoring", "grafana-dashboards", Map.of("grafana_dashboard", "1"), now))
        .withData(Map.of("fleet.json", "{\"title\":\"Fleet overview\",\"panels\":[]}")).build()).create();
    client.resource(new SecretBuilder()
        .withMetadata(Workloads.meta("payments", "payments-db", Map.of("app.kubernetes.io/name", "payments-api"), now))
        .withType("Opaque")
        .withData(Map.of("username", b64("payments"), "password", b64("demo-only-not-a-secret")))
        .build()).create();
    client.resource(HelmReleaseSecret.of("monitoring", "grafana", "grafana", "8.5.1", 2, now.minusSeconds(86_400 * 9), "superseded")).create();
    client.resource(HelmReleaseSecret.of("monitoring", "grafana", "grafana", "8.6.4", 3, now.minusSeconds(86_400 * 2), "deployed")).create();
  }

  private void batch() {
    CronJob settlement = client.resource(new CronJobBuilder()
        .withMetadata(Workloads.meta("payments", "settlement", Map.of("app.kubernetes.io/name", "settlement"), now.minusSeconds(86_400 * 30)))
        .withNewSpec().withSchedule("0 * * * *").withConcurrencyPolicy("Forbid").withNewJobTemplate().withNewSpec()
        .withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("settle")
        .withImage("ghcr.io/example/settlement:1.2.0").withArgs("--window=1h").endContainer().endSpec().endTemplate()
        .endSpec().endJobTemplate().endSpec()
        .withNewStatus().withLastScheduleTime(now.minusSeconds(600).toString())
        .withLastSuccessfulTime(now.minusSeconds(540).toString()).endStatus().build()).create();
    client.resource(new CronJobBuilder()
        .withMetadata(Workloads.meta("platform", "cert-rotation", Map.of(), now.minusSeconds(86_400 * 60)))
        .withNewSpec().withSchedule("30 3 * * 0").withSuspend(true).withNewJobTemplate().withNewSpec()
        .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("rotate")
        .withImage("ghcr.io/example/cert-rotation:0.3.1").endContainer().endSpec().endTemplate()
        .endSpec().endJobTemplate().endSpec().build()).create();
    client.resource(new JobBuilder()
        .withMetadata(Workloads.meta("payments", "settlement-29400000", Map.of("app.kubernetes.io/name", "settlement"), now.minusSeconds(600)))
        .editMetadata().withOwnerReferences(Workloads.ownerOf(settlement)).endMetadata()
        .withNewSpec().withCompletions(1).withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer()
        .withName("settle").withImage("ghcr.io/example/settlement:1.2.0").endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withSucceeded(1).withStartTime(now.minusSeconds(600).toString())
        .withCompletionTime(now.minusSeconds(540).toString())
        .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build()).create();
    client.resource(new JobBuilder()
        .withMetadata(Workloads.meta("platform", "db-migrate-20261122", Map.of("app.kubernetes.io/name", "db-migrate"), now.minusSeconds(86_400)))
        .withNewSpec().withBackoffLimit(2).withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
        .withName("migrate").withImage("ghcr.io/example/migrations:2026.11.22").endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withFailed(3).withStartTime(now.minusSeconds(86_400).toString())
        .addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
        .withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build()).create();
  }

  private void events(Map<String, List<String>> pods) {
    String healthy = pods.get("payments-api").getFirst();
    event("payments", "Pod", healthy, "Normal", "Scheduled", "Successfully assigned payments/" + healthy + " to " + READY_NODES.getFirst(), 1);
    event("payments", "Pod", healthy, "Normal", "Pulled", "Container image \"ghcr.io/example/payments-api:2.14.1\" already present on machine", 1);
    event("payments", "Pod", healthy, "Normal", "Started", "Started container payments-api", 1);
    String crashing = pods.get("ledger-worker").getLast();
    event("payments", "Pod", crashing, "Warning", "BackOff", "Back-off restarting failed container ledger-worker in pod " + crashing, 214);
    String pending = pods.get("cart-service").getLast();
    event("checkout", "Pod", pending, "Warning", "FailedScheduling",
        "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 Insufficient memory.", 31);
    event("default", "Node", NOT_READY_NODE, "Warning", "NodeNotReady", "Node " + NOT_READY_NODE + " status is now: NodeNotReady", 1);
    event("platform", "Job", "db-migrate-20261122", "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 1);
  }

  private void event(String ns, String kind, String name, String type, String reason, String message, int count) {
    String apiVersion = kind.equals("Job") ? "batch/v1" : "v1";
    client.resource(new EventBuilder()
        .withMetadata(Workloads.meta(ns, name + "." + Long.toHexString(Math.abs((name + reason).hashCode())), Map.of(), now))
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name)
            .withNamespace(kind.equals("Node") ? null : ns).build())
        .withType(type).withReason(reason).withMessage(message).withCount(count)
        .withFirstTimestamp(now.minusSeconds(3_600).toString()).withLastTimestamp(now.minusSeconds(30).toString())
        .withNewSource().withComponent(reason.equals("FailedScheduling") ? "default-scheduler" : "kubelet").endSource()
        .build()).create();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
