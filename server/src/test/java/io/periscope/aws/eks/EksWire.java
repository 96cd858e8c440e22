package io.periscope.aws.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local EKS + SSM endpoint (WireMock) answering with the response shapes of the EKS API
 * reference (REST-JSON, epoch-second timestamps, errors in {@code x-amzn-ErrorType}) and SSM's
 * JSON 1.1 protocol, and a Periscope whose cluster {@code prod} is the EKS cluster
 * {@code prod-eks} in eu-west-1 on Kubernetes 1.31. moto does not implement add-ons, insights or
 * add-on versions.
 */
public final class EksWire implements AutoCloseable {
  public static final String EKS = "prod-eks";
  public final WireMockServer aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  public final MockApiServer apiserver = new MockApiServer();
  public final PeriscopeHarness harness;

  public EksWire(Map<String, String> overrides, Consumer<io.periscope.PeriscopeApp.Builder> customize) {
    this(overrides, customize, a -> { });
  }

  /** {@code seed} writes objects (CRDs among them) into the mock apiserver before Periscope starts and reads its discovery. */
  public EksWire(Map<String, String> overrides, Consumer<io.periscope.PeriscopeApp.Builder> customize, Consumer<MockApiServer> seed) {
    aws.start();
    apiserver.serveDiscovery(); // the readiness answer reads nodes and (where served) Karpenter as the person
    seed.accept(apiserver);
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.of("arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks"),
        Optional.of(EKS), "production", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    var clients = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(aws.baseUrl()), "ssm", URI.create(aws.baseUrl())), Duration.ofSeconds(10), Clock.systemUTC());
    harness = new PeriscopeHarness(overrides, List.of(spec), List.of(new FixedClientConnector(Backend.EKS, apiserver.client())),
        b -> customize.accept(b.aws(clients)));
    json(get(urlPathEqualTo("/clusters/prod-eks")), """
        {"cluster":{"name":"prod-eks","arn":"arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks","createdAt":1.7102352E9,
          "version":"1.31","endpoint":"https://0A1B2C3D4E5F.gr7.eu-west-1.eks.amazonaws.com","status":"ACTIVE","platformVersion":"eks.16"}}""");
  }

  /** Stubs {@code request} with a 200 JSON answer. */
  public void json(MappingBuilder request, String body) {
    aws.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  /** An EKS REST-JSON error: the code in {@code x-amzn-ErrorType}, the message in the body. */
  public void error(MappingBuilder request, int status, String code, String message) {
    aws.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.eks/")
        .withBody("{\"message\":\"" + message + "\"}")));
  }

  /** {@code DescribeAddonVersions} of one add-on (query {@code addonName}). */
  public void addonVersions(String addon, String body) {
    json(get(urlPathEqualTo("/addons/supported-versions")).withQueryParam("addonName", equalTo(addon)), body);
  }

  /** vpc-cni: v1.18.1 (1.30, 1.31), v1.18.5 (1.30, 1.31, default on 1.31), v1.19.0 (1.31, 1.32). */
  public static final String VPC_CNI_VERSIONS = """
      {"addons":[{"addonName":"vpc-cni","type":"networking","publisher":"eks","owner":"aws","addonVersions":[
        {"addonVersion":"v1.19.0-eksbuild.1","architecture":["amd64","arm64"],"computeTypes":["ec2"],
         "compatibilities":[{"clusterVersion":"1.32","platformVersions":["*"],"defaultVersion":true},
                            {"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":false}],
         "requiresConfiguration":false,"requiresIamPermissions":true},
        {"addonVersion":"v1.18.5-eksbuild.1","architecture":["amd64","arm64"],"computeTypes":["ec2"],
         "compatibilities":[{"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":true},
                            {"clusterVersion":"1.30","platformVersions":["*"],"defaultVersion":false}],
         "requiresConfiguration":false,"requiresIamPermissions":true},
        {"addonVersion":"v1.18.1-eksbuild.1","architecture":["amd64","arm64"],"computeTypes":["ec2"],
         "compatibilities":[{"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":false},
                            {"clusterVersion":"1.30","platformVersions":["*"],"defaultVersion":true}],
         "requiresConfiguration":false,"requiresIamPermissions":true}]}],"nextToken":null}""";

  /** coredns: v1.11.3 (1.31, 1.32). */
  public static final String COREDNS_VERSIONS = """
      {"addons":[{"addonName":"coredns","type":"networking","publisher":"eks","owner":"aws","addonVersions":[
        {"addonVersion":"v1.11.3-eksbuild.2","architecture":["amd64","arm64"],
         "compatibilities":[{"clusterVersion":"1.32","platformVersions":["*"],"defaultVersion":true},
                            {"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":true}],
         "requiresConfiguration":false,"requiresIamPermissions":false}]}],"nextToken":null}""";

  /** DescribeAddon of vpc-cni on v1.18.1, DEGRADED with a health issue. */
  public static final String VPC_CNI_DEGRADED = """
      {"addon":{"addonName":"vpc-cni","clusterName":"prod-eks","status":"DEGRADED","addonVersion":"v1.18.1-eksbuild.1",
        "health":{"issues":[{"code":"InsufficientNumberOfReplicas","message":"The add-on is unhealthy because it doesn't have the desired number of replicas.",
          "resourceIds":["kube-system/aws-node"]}]},
        "addonArn":"arn:aws:eks:eu-west-1:123456789012:addon/prod-eks/vpc-cni/a2c7e1f0-1b2c-3d4e-5f60-718293a4b5c6",
        "createdAt":1.7102358E9,"modifiedAt":1.7330112E9,"serviceAccountRoleArn":"arn:aws:iam::123456789012:role/prod-vpc-cni",
        "tags":{},"publisher":"eks","owner":"aws","configurationValues":"{\\"env\\":{\\"WARM_IP_TARGET\\":\\"5\\"}}",
        "podIdentityAssociations":[]}}""";

  /** DescribeAddon of coredns, ACTIVE. */
  public static final String COREDNS_ACTIVE = """
      {"addon":{"addonName":"coredns","clusterName":"prod-eks","status":"ACTIVE","addonVersion":"v1.11.3-eksbuild.2",
        "health":{"issues":[]},"addonArn":"arn:aws:eks:eu-west-1:123456789012:addon/prod-eks/coredns/b3d8f2a1-2c3d-4e5f-6071-8293a4b5c6d7",
        "createdAt":1.7102358E9,"modifiedAt":1.7102358E9,"tags":{},"publisher":"eks","owner":"aws",
        "podIdentityAssociations":["arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-0coredns00000000"]}}""";

  /** DescribeAddonConfiguration of vpc-cni v1.19.0: a schema (abridged from the real one) with a typed env map. */
  public static final String VPC_CNI_SCHEMA = """
      {"addonName":"vpc-cni","addonVersion":"v1.19.0-eksbuild.1",
       "configurationSchema":"{\\"$schema\\":\\"http://json-schema.org/draft-07/schema#\\",\\"type\\":\\"object\\",\\"additionalProperties\\":false,\\"properties\\":{\\"env\\":{\\"type\\":\\"object\\",\\"additionalProperties\\":false,\\"properties\\":{\\"WARM_IP_TARGET\\":{\\"type\\":\\"string\\",\\"pattern\\":\\"^[0-9]+$\\"},\\"ENABLE_PREFIX_DELEGATION\\":{\\"type\\":\\"string\\",\\"enum\\":[\\"true\\",\\"false\\"]}}},\\"resources\\":{\\"type\\":\\"object\\"}}}",
       "podIdentityConfiguration":[{"serviceAccount":"aws-node","recommendedManagedPolicies":["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]}]}""";

  @Override
  public void close() {
    harness.close();
    apiserver.close();
    aws.stop();
  }
}
