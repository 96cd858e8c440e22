package io.periscope.fixfirst;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.AwsWorkloads;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Fix first end to end: workloads, pods, Services and Ingresses listed as the person from the mock
 * apiserver; the ServiceAccount → role index under the server's identity; roles' policies from IAM
 * (API reference shapes on {@link IamStub}); Inspector off, so that signal is "not available".
 */
class FixFirstTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIX_FIRST = "/api/clusters/prod/fix-first";
  /** The kinds the list reads as the person, by the path the apiserver serves them at. */
  private static final List<String> LISTS = List.of("/api/v1/pods", "/apis/apps/v1/deployments", "/apis/apps/v1/statefulsets",
      "/apis/apps/v1/daemonsets", "/apis/batch/v1/cronjobs", "/apis/batch/v1/jobs", "/api/v1/services",
      "/apis/networking.k8s.io/v1/ingresses");
  private final MockApiServer apiserver = new MockApiServer();
  private final IamStub iam = new IamStub();
  private final Map<String, List<String>> listedAs = new ConcurrentHashMap<>();
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    iam.role("web", Map.of("deploy", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"""), List.of())
        .role("reader", Map.of("read", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""), List.of());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.empty(), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));
    for (String path : LISTS) {
      apiserver.answer("GET", path, req -> {
        listedAs.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>())
            .add(req.getHeader("Impersonate-User") + "|" + String.join(",", req.getHeaders().headers("Impersonate-Group")));
        return null; // answered by the CRUD apiserver
      });
    }
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    seed(apiserver.client());
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    iam.close();
  }

  /**
   * shop/web: a Deployment behind a public LoadBalancer, its role can iam:PassRole, its pod runs
   * as the template says; shop/reader: a Deployment whose role reaches nothing sensitive, behind
   * an Ingress; ops/node-agent: a privileged DaemonSet with a hostPath; shop/quiet: non-root, unexposed.
   */
  private static void seed(KubernetesClient k) {
    AwsWorkloads.serviceAccount(k, "shop", "web", "web");
    AwsWorkloads.serviceAccount(k, "shop", "reader", "reader");
    deployment(k, "shop", "web", "web", false);
    deployment(k, "shop", "reader", "reader", false);
    deployment(k, "shop", "quiet", "default", true);
    k.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-5d8f9c-abcde").withNamespace("shop")
        .withLabels(Map.of("app", "web", "pod-template-hash", "5d8f9c")).addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
        .withName("web-5d8f9c").withUid("u1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withServiceAccountName("web").addNewContainer().withName("web").withImage("web:1").endContainer().endSpec().build()).create();
    k.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web-public").withNamespace("shop").endMetadata()
        .withNewSpec().withType("LoadBalancer").withSelector(Map.of("app", "web")).addNewPort().withPort(443).endPort().endSpec().build()).create();
    k.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("reader").withNamespace("shop").endMetadata()
        .withNewSpec().withType("ClusterIP").withSelector(Map.of("app", "reader")).addNewPort().withPort(80).endPort().endSpec().build()).create();
    k.network().v1().ingresses().inNamespace("shop").resource(new IngressBuilder().withNewMetadata().withName("reader").withNamespace("shop")
        .endMetadata().withNewSpec().withIngressClassName("nginx").addNewRule().withHost("read.example.com").withNewHttp().addNewPath()
        .withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName("reader").withNewPort().withNumber(80).endPort()
        .endService().endBackend().endPath().endHttp().endRule().endSpec().build()).create();
    k.apps().daemonSets().inNamespace("ops").resource(new DaemonSetBuilder().withNewMetadata().withName("node-agent").withNamespace("ops")
        .endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "node-agent")).endSelector().withNewTemplate()
        .withNewMetadata().withLabels(Map.of("app", "node-agent")).endMetadata().withNewSpec()
        .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume()
        .addNewContainer().withName("agent").withImage("agent:1").withNewSecurityContext().withPrivileged(true).withRunAsNonRoot(true)
        .endSecurityContext().endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  private static void deployment(KubernetesClient k, String ns, String name, String sa, boolean nonRoot) {
    var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder().withServiceAccountName(sa)
        .addNewContainer().withName(name).withImage(name + ":1").endContainer();
    if (nonRoot) {
      spec.withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext();
    }
    k.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", name)).endSelector().withNewTemplate().withNewMetadata()
        .withLabels(Map.of("app", name)).endMetadata().withSpec(spec.build()).endTemplate().endSpec().build()).create();
  }

  private JsonNode fixFirst(String query) throws Exception {
    var r = alice.get(FIX_FIRST + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> rows(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("rows").forEach(r -> out.add(r.get("kind").asText() + " " + r.get("namespace").asText() + "/" + r.get("name").asText()
        + " " + r.get("score").asDouble()));
    return out;
  }

  private static JsonNode signal(JsonNode answer, String name) {
    for (JsonNode s : answer.get("signals")) {
      if (s.get("signal").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no signal " + name + " in " + answer);
  }

  @Test
  void ranksEveryListedWorkloadByTheProductOfItsSignalsAndSaysWhy() throws Exception {
    JsonNode answer = fixFirst("");

    // web: public LB 3 × iam:PassRole 3 × may run as root 1.2; node-agent: node escape 3; reader: public Ingress 3 × root 1.2.
    assertThat(rows(answer)).containsExactly("deployments shop/web 10.8", "deployments shop/reader 3.6", "daemonsets ops/node-agent 3.0");
    JsonNode web = answer.get("rows").get(0);
    assertThat(web.get("why")).extracting(JsonNode::asText).containsExactly("public LoadBalancer web-public", "role web can iam:PassRole",
        "may run as root (neither runAsNonRoot nor runAsUser set)");
    assertThat(web.get("pods").asInt()).isEqualTo(1);
    assertThat(web.get("serviceAccount").asText()).isEqualTo("web");
    assertThat(web.get("services")).extracting(JsonNode::asText).containsExactly("web-public");
    assertThat(web.get("securityTab").asBoolean()).isTrue();
    assertThat(answer.get("rows").get(1).get("why").get(0).asText()).isEqualTo("Ingress read.example.com (nginx) → Service reader");
    assertThat(answer.get("rows").get(2).get("why").get(0).asText()).isEqualTo("hostPath volume /, privileged container");
    assertThat(answer.get("workloads").asInt()).as("quiet is listed but has no signal").isEqualTo(4);
    assertThat(answer.get("partial").asBoolean()).isFalse();

    // Inspector is off for the cluster: that signal is not available, and nothing fails.
    assertThat(signal(answer, "CVE").get("available").asBoolean()).isFalse();
    assertThat(signal(answer, "CVE").get("note").asText()).contains("Inspector is off");
    assertThat(signal(answer, "IAM").get("available").asBoolean()).isTrue();

    // Every Kubernetes kind was listed as alice, never as the server.
    assertThat(listedAs).containsOnlyKeys(LISTS);
    listedAs.forEach((path, who) -> assertThat(who).as(path).containsOnly("alice|periscope:devs"));
    assertThat(harness.audit.events()).filteredOn(e -> "fix_first".equals(e.extra().get("op"))).hasSize(1);
  }

  @Test
  void aKindThePersonMayNotListMakesTheListPartialWithTheReason() throws Exception {
    apiserver.answer("GET", "/apis/networking.k8s.io/v1/ingresses", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("ingresses.networking.k8s.io is forbidden: User \"alice\" cannot list resource \"ingresses\" in API group "
            + "\"networking.k8s.io\" at the cluster scope") : null);
    apiserver.answer("GET", "/apis/apps/v1/daemonsets", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("daemonsets.apps is forbidden: User \"alice\" cannot list resource \"daemonsets\"") : null);

    JsonNode answer = fixFirst("");

    assertThat(answer.get("partial").asBoolean()).isTrue();
    assertThat(answer.get("problems")).extracting(JsonNode::asText).anySatisfy(p -> assertThat(p).startsWith("you may not list ingresses: ")
        .contains("cannot list resource \"ingresses\"")).anySatisfy(p -> assertThat(p).startsWith("you may not list daemonsets: "));
    // The rest is still answered: reader lost its Ingress, node-agent (no pods listed) is gone.
    assertThat(rows(answer)).containsExactly("deployments shop/web 10.8", "deployments shop/reader 1.2");
    assertThat(signal(answer, "EXPOSURE").get("note").asText()).contains("ingresses");
  }

  @Test
  void aNamespaceNarrowsTheListAndABadOneIs400() throws Exception {
    assertThat(rows(fixFirst("?namespace=ops"))).containsExactly("daemonsets ops/node-agent 3.0");
    var bad = alice.get(FIX_FIRST + "?namespace=Not_A_Namespace");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("is not a namespace name");
    assertThat(alice.get("/api/clusters/nowhere/fix-first").statusCode()).isEqualTo(404);
  }
}
