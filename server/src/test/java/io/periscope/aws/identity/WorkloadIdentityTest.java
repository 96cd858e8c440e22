package io.periscope.aws.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The pod → ServiceAccount → IAM role chain on the wire: the pod and ServiceAccount read as the
 * person from the mock apiserver, Pod Identity associations from EKS answered with the response
 * shapes of the EKS API reference (moto does not implement them).
 */
class WorkloadIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/api/clusters/prod/pods/shop/";
  private final MockApiServer eksApiserver = new MockApiServer();
  private WireMockServer eks;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    eks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    eks.start();
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.of("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks"),
        Optional.of("prod-eks"), "production", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(eks.baseUrl())), Duration.ofSeconds(10), Clock.systemUTC());
    // Agent clusters: one that names its EKS cluster and region (AWS features on), one that does not.
    var onEks = new ClusterSpec("staging", Backend.AGENT, Optional.of("us-west-2"), Optional.empty(), Optional.of("staging-eks"),
        "staging", Map.of(), Optional.empty(), Optional.empty(), Optional.of("staging"));
    var notOnAws = new ClusterSpec("lab", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(),
        "lab", Map.of(), Optional.empty(), Optional.empty(), Optional.of("lab"));
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec, onEks, notOnAws),
        List.of(new FixedClientConnector(Backend.EKS, eksApiserver.client()), new FixedClientConnector(Backend.AGENT, eksApiserver.client())), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));

    var k = eksApiserver.client();
    k.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("web")
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/web-irsa").endMetadata().build()).create();
    k.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("worker").endMetadata().build())
        .create();
    k.pods().inNamespace("shop").resource(pod("web-0", "web")).create();
    k.pods().inNamespace("shop").resource(pod("worker-0", "worker")).create();
    k.pods().inNamespace("shop").resource(pod("legacy-0", null)).create();
  }

  @AfterEach
  void stop() {
    harness.close();
    eksApiserver.close();
    eks.stop();
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, String serviceAccount) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount).addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec()
        .build();
  }

  private void associations(String serviceAccount, String body) {
    eks.stubFor(get(urlPathEqualTo("/clusters/prod-eks/pod-identity-associations"))
        .withQueryParam("serviceAccount", com.github.tomakehurst.wiremock.client.WireMock.equalTo(serviceAccount))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  @Test
  void irsaRoleFromTheServiceAccountAnnotation() throws Exception {
    associations("web", "{\"associations\":[]}");
    JsonNode id = JSON.readTree(alice.get(BASE + "web-0/aws-identity").body());

    assertThat(id.get("serviceAccount").asText()).isEqualTo("web");
    assertThat(id.get("defaultServiceAccount").asBoolean()).isFalse();
    assertThat(id.get("irsaRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
    assertThat(id.get("effectiveRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
    AuditEvent row = harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IDENTITY_READ).findFirst().orElseThrow();
    assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(row.extra()).containsEntry("op", "list_pod_identity");
    assertThat(row.actor().sub()).isEqualTo("alice");
  }

  @Test
  void podIdentityRoleFromTheEksAssociation() throws Exception {
    associations("worker", """
        {"associations":[{"clusterName":"prod-eks","namespace":"shop","serviceAccount":"worker",
          "associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-1a2b3c4d5e6f7g8h9",
          "associationId":"a-1a2b3c4d5e6f7g8h9"}],"nextToken":null}""");
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations/a-1a2b3c4d5e6f7g8h9")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("""
            {"association":{"clusterName":"prod-eks","namespace":"shop","serviceAccount":"worker",
              "roleArn":"arn:aws:iam::123456789012:role/worker-pod-identity",
              "associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-1a2b3c4d5e6f7g8h9",
              "associationId":"a-1a2b3c4d5e6f7g8h9","tags":{},"createdAt":1.764E9,"modifiedAt":1.764E9}}""")));

    JsonNode id = JSON.readTree(alice.get(BASE + "worker-0/aws-identity").body());

    assertThat(id.get("irsaRoleArn").isNull()).isTrue();
    assertThat(id.get("podIdentity")).singleElement().satisfies(a ->
        assertThat(a.get("roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/worker-pod-identity"));
    assertThat(id.get("effectiveRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/worker-pod-identity");
  }

  @Test
  void aPodWithoutAServiceAccountUsesDefaultAndSaysSo() throws Exception {
    associations("default", "{\"associations\":[]}");
    JsonNode id = JSON.readTree(alice.get(BASE + "legacy-0/aws-identity").body());

    assertThat(id.get("serviceAccount").asText()).isEqualTo("default");
    assertThat(id.get("defaultServiceAccount").asBoolean()).isTrue();
    assertThat(id.get("effectiveRoleArn").isNull()).isTrue();
    assertThat(id.get("problems").toString()).contains("ServiceAccount shop/default does not exist");
  }

  @Test
  void anAgentClusterThatNamesItsEksClusterGetsPodIdentityToo() throws Exception {
    eks.stubFor(get(urlPathEqualTo("/clusters/staging-eks/pod-identity-associations"))
        .withQueryParam("serviceAccount", com.github.tomakehurst.wiremock.client.WireMock.equalTo("worker"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
            {"associations":[{"clusterName":"staging-eks","namespace":"shop","serviceAccount":"worker",
              "associationArn":"arn:aws:eks:us-west-2:123456789012:podidentityassociation/staging-eks/a-0000000000000000a",
              "associationId":"a-0000000000000000a"}],"nextToken":null}""")));
    eks.stubFor(get(urlEqualTo("/clusters/staging-eks/pod-identity-associations/a-0000000000000000a")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("""
            {"association":{"clusterName":"staging-eks","namespace":"shop","serviceAccount":"worker",
              "roleArn":"arn:aws:iam::123456789012:role/staging-worker","associationId":"a-0000000000000000a"}}""")));

    JsonNode id = JSON.readTree(alice.get("/api/clusters/staging/pods/shop/worker-0/aws-identity").body());

    assertThat(id.get("effectiveRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/staging-worker");
    assertThat(eks.getAllServeEvents()).allSatisfy(e ->
        assertThat(e.getRequest().getHeader("Authorization")).as("signed for the entry's region").contains("/us-west-2/eks/"));
  }

  @Test
  void aClusterThatNamesNoEksClusterAsksAwsNothing() throws Exception {
    JsonNode id = JSON.readTree(alice.get("/api/clusters/lab/pods/shop/web-0/aws-identity").body());

    assertThat(id.get("irsaRoleArn").asText()).as("IRSA is read from the ServiceAccount alone").isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
    assertThat(id.get("podIdentity")).isEmpty();
    assertThat(eks.getAllServeEvents()).isEmpty();
  }

  @Test
  void aServerRoleWithoutEksAccessStillAnswersWithTheProblemNamed() throws Exception {
    eks.stubFor(get(urlPathEqualTo("/clusters/prod-eks/pod-identity-associations")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.eks/")
        .withBody("{\"message\":\"not authorized to perform: eks:ListPodIdentityAssociations\"}")));

    var r = alice.get(BASE + "web-0/aws-identity");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode id = JSON.readTree(r.body());
    assertThat(id.get("irsaRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
    assertThat(id.get("problems").toString()).contains("eks:ListPodIdentityAssociations");
    assertThat(harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_IDENTITY_READ)
        .singleElement().extracting(AuditEvent::outcome).isEqualTo(Outcome.DENIED);
  }

  static Stream<Arguments> controllers() {
    var template = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().withServiceAccountName("web").addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec().build();
    var selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
    return Stream.of(
        Arguments.of("deployments", (Consumer<KubernetesClient>) k -> k.apps().deployments()
            .inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web-d")
                .endMetadata().withNewSpec().withSelector(selector).withTemplate(template).endSpec().build()).create(), "web-d"),
        Arguments.of("statefulsets", (Consumer<KubernetesClient>) k -> k.apps().statefulSets()
            .inNamespace("shop").resource(new StatefulSetBuilder().withNewMetadata().withName("web-s")
                .endMetadata().withNewSpec().withSelector(selector).withTemplate(template).endSpec().build()).create(), "web-s"),
        Arguments.of("daemonsets", (Consumer<KubernetesClient>) k -> k.apps().daemonSets()
            .inNamespace("shop").resource(new DaemonSetBuilder().withNewMetadata().withName("web-ds")
                .endMetadata().withNewSpec().withSelector(selector).withTemplate(template).endSpec().build()).create(), "web-ds"),
        Arguments.of("jobs", (Consumer<KubernetesClient>) k -> k.batch().v1().jobs()
            .inNamespace("shop").resource(new JobBuilder().withNewMetadata().withName("web-j")
                .endMetadata().withNewSpec().withTemplate(template).endSpec().build()).create(), "web-j"),
        Arguments.of("cronjobs", (Consumer<KubernetesClient>) k -> k.batch().v1().cronjobs()
            .inNamespace("shop").resource(new CronJobBuilder().withNewMetadata().withName("web-cj")
                .endMetadata().withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withTemplate(template).endSpec()
                .endJobTemplate().endSpec().build()).create(), "web-cj"),
        Arguments.of("serviceaccounts", (Consumer<KubernetesClient>) k -> { }, "web"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controllers")
  void controllersResolveThroughTheirPodTemplateAndServiceAccountsDirectly(String kind, Consumer<KubernetesClient> create,
      String name) throws Exception {
    create.accept(eksApiserver.client());
    associations("web", "{\"associations\":[]}");

    var r = alice.get("/api/clusters/prod/" + kind + "/shop/" + name + "/aws-identity");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode id = JSON.readTree(r.body());
    assertThat(id.get("kind").asText()).isEqualTo(kind);
    assertThat(id.get("name").asText()).isEqualTo(name);
    assertThat(id.get("serviceAccount").asText()).isEqualTo("web");
    assertThat(id.get("effectiveRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/web-irsa");
  }

  @Test
  void aControllerWithoutServiceAccountRunsAsDefault() throws Exception {
    eksApiserver.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
        .withNewMetadata().withName("legacy").endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("app")
        .withImage("shop:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    associations("default", "{\"associations\":[]}");

    JsonNode id = JSON.readTree(alice.get("/api/clusters/prod/deployments/shop/legacy/aws-identity").body());

    assertThat(id.get("serviceAccount").asText()).isEqualTo("default");
    assertThat(id.get("defaultServiceAccount").asBoolean()).isTrue();
  }

  @Test
  void aMissingWorkloadIs404AndAnUnknownKindHasNoRoute() {
    var missing = alice.get("/api/clusters/prod/statefulsets/shop/nope/aws-identity");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("StatefulSet shop/nope not found");
    assertThat(alice.get("/api/clusters/prod/configmaps/shop/web/aws-identity").statusCode()).isEqualTo(404);
    assertThat(eks.getAllServeEvents()).as("nothing asked of AWS").isEmpty();
  }

  @Test
  void aPersonWhoMayNotReadTheDeploymentGetsTheApiserversRefusalAndNoAwsCall() {
    // Refused only when asked as alice (impersonated); the server's own identity would read it.
    eksApiserver.answer("GET", "/apis/apps/v1/namespaces/shop/deployments/web-d", req -> "alice".equals(req.getHeader("Impersonate-User"))
        ? MockApiServer.forbidden("alice may not get deployments") : null);
    var r = alice.get("/api/clusters/prod/deployments/shop/web-d/aws-identity");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(eks.getAllServeEvents()).as("no AWS call for a refused person").isEmpty();
  }

  @Test
  void aPersonWhoMayNotReadThePodGetsTheApiserversRefusal() {
    // Refused only when asked as alice (impersonated); the server's own identity would read it.
    eksApiserver.answer("GET", "/api/v1/namespaces/shop/pods/web-0", req -> "alice".equals(req.getHeader("Impersonate-User"))
        ? MockApiServer.forbidden("alice may not get pods") : null);
    var r = alice.get(BASE + "web-0/aws-identity");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(eks.getAllServeEvents()).as("no AWS call for a refused person").isEmpty();
  }
}
