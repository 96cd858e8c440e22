package io.periscope.clusters.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EKS connector end to end: DescribeCluster answered by WireMock with the AWS response shape,
 * the apiserver is fabric8's CRUD mock server on TLS with the CA DescribeCluster returned.
 * The clock guard run moves the injected clock years away: DescribeCluster and the token must
 * both be signed on it, never on the SDK's own system clock.
 */
@Tag(TestEpoch.TAG)
class EksConnectorTest {
  static final ClusterSpec PROD = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"),
      Optional.of("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks"), Optional.of("prod-eks"), "production",
      Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

  final MutableClock clock = TestEpoch.clock();
  WireMockServer aws;
  MockWebServer tlsServer;
  KubernetesMockServer apiserver;
  EksConnector connector;
  AwsClients awsClients;

  @BeforeEach
  void start() {
    aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    aws.start();
    tlsServer = new MockWebServer();
    apiserver = new KubernetesMockServer(new Context(), tlsServer, new HashMap<>(), new KubernetesCrudDispatcher(), true);
    apiserver.init();
    // Static test credentials and WireMock as the EKS endpoint; STS stays the real regional URL (only presigned, never called).
    awsClients = new AwsClients(EksTokenProviderTest.CREDENTIALS, Map.of("eks", URI.create(aws.baseUrl())), Duration.ofSeconds(10), clock);
    connector = new EksConnector(Duration.ofSeconds(10), awsClients);
  }

  @AfterEach
  void stop() {
    awsClients.close();
    apiserver.destroy();
    aws.stop();
  }

  @Test
  void listsNamespacesOverTlsWithThePresignedBearerToken() throws Exception {
    String endpoint = "https://localhost:" + apiserver.getPort();
    stubDescribe(200, describeCluster(endpoint, caData(), "ACTIVE"));

    seedNamespace("team-a");

    try (KubernetesClient client = connector.connect(PROD)) {
      List<Namespace> namespaces = client.namespaces().list().getItems();
      assertThat(namespaces).extracting(n -> n.getMetadata().getName()).containsExactly("team-a");
    }

    String scopeDate = TestEpoch.sigV4Date(clock.instant());
    List<RecordedRequest> requests = drain();
    assertThat(requests).extracting(RecordedRequest::getPath).containsExactly("/api/v1/namespaces");
    for (RecordedRequest r : requests) {
      String authorization = r.getHeader("Authorization");
      assertThat(authorization).startsWith("Bearer " + EksTokenProvider.PREFIX);
      Map<String, String> q = EksTokens.query(EksTokens.presignedUrl(authorization.substring("Bearer ".length())));
      assertThat(q).containsEntry("Action", "GetCallerIdentity")
          .containsEntry("X-Amz-Credential", EksTokenProviderTest.ACCESS_KEY + "/" + scopeDate + "/eu-west-1/sts/aws4_request");
      assertThat(q.get("X-Amz-SignedHeaders")).contains("x-k8s-aws-id");
    }
    aws.verify(1, getRequestedFor(urlEqualTo("/clusters/prod-eks")));
    var describe = aws.getAllServeEvents().getFirst().getRequest();
    assertThat(describe.getHeader("X-Amz-Date")).isEqualTo(TestEpoch.sigV4Time(clock.instant()));
    assertThat(describe.getHeader("Authorization"))
        .contains("Credential=" + EksTokenProviderTest.ACCESS_KEY + "/" + scopeDate + "/eu-west-1/eks/aws4_request");
  }

  @Test
  void refreshedTokenIsSentOnceTheClockPassesTheRefreshPoint() throws Exception {
    stubDescribe(200, describeCluster("https://localhost:" + apiserver.getPort(), caData(), "ACTIVE"));
    seedNamespace("team-a");
    try (KubernetesClient client = connector.connect(PROD)) {
      client.namespaces().list();
      String first = drain().getLast().getHeader("Authorization");
      clock.advance(EksTokenProvider.REFRESH_AFTER);
      client.namespaces().list();
      String second = drain().getLast().getHeader("Authorization");
      assertThat(second).startsWith("Bearer " + EksTokenProvider.PREFIX).isNotEqualTo(first);
    }
  }

  /** AWS's reason is passed on without the ARNs and account ids in it: the cluster list shows it to everyone signed in. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "404 | ResourceNotFoundException | No cluster found for name: prod-eks. | No cluster found for name: prod-eks.",
      "403 | AccessDeniedException     | User: arn:aws:sts::123456789012:assumed-role/periscope/pod is not authorized to perform: eks:DescribeCluster"
          + " | is not authorized to perform: eks:DescribeCluster",
  })
  void describeClusterFailureIsA502NamingTheClusterAndTheAwsError(int status, String errorType, String message, String shown) {
    stubDescribe(status, "{\"message\":\"" + message + "\"}", errorType);

    assertThatThrownBy(() -> connector.connect(PROD))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("eks_describe_failed");
        })
        .hasMessageContaining("cluster 'prod'")
        .hasMessageContaining("eks:DescribeCluster for 'prod-eks' in eu-west-1")
        .hasMessageContaining(errorType)
        .hasMessageContaining(shown)
        .hasMessageNotContaining("123456789012")
        .hasMessageNotContaining("arn:aws")
        .hasMessageNotContaining("\tat ");
  }

  @Test
  void clusterWithoutEndpointYetIsNotReady() {
    stubDescribe(200, describeCluster("", "", "CREATING").replace("\"endpoint\": \"\",", "")
        .replace("\"certificateAuthority\": {\n      \"data\": \"\"\n    },", ""));

    assertThatThrownBy(() -> connector.connect(PROD))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.code()).isEqualTo("eks_cluster_not_ready"))
        .hasMessageContaining("cluster 'prod'")
        .hasMessageContaining("CREATING");
  }

  @Test
  void unreachableAwsIsA502() {
    aws.stop();
    assertThatThrownBy(() -> connector.connect(PROD))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("eks_unreachable");
        })
        .hasMessageContaining("cluster 'prod'");
  }

  /**
   * Creates a namespace with the mock server's own client (it trusts the test certificate) and
   * forgets that request, so only our connector's requests are asserted. It also warms the JVM's
   * TLS stack, whose first handshake can exceed the 5-second connect time-out on a loaded machine.
   */
  private void seedNamespace(String name) throws InterruptedException {
    try (KubernetesClient admin = apiserver.createClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
    drain();
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r; (r = apiserver.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(r);
    }
    return out;
  }

  private String caData() throws IOException {
    byte[] pem = Files.readAllBytes(Path.of(tlsServer.getSelfSignedCertificate().certificatePath()));
    return Base64.getEncoder().encodeToString(pem);
  }

  private void stubDescribe(int status, String body, String... errorType) {
    var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    if (errorType.length > 0) {
      response = response.withHeader("x-amzn-ErrorType", errorType[0] + ":http://internal.amazon.com/coral/com.amazonaws.eks/");
    }
    aws.stubFor(get(urlEqualTo("/clusters/prod-eks")).willReturn(response));
  }

  private static String describeCluster(String endpoint, String caData, String status) {
    try (var in = EksConnectorTest.class.getResourceAsStream("/clusters/eks/describe-cluster.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${endpoint}", endpoint).replace("${caData}", caData).replace("${status}", status);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
