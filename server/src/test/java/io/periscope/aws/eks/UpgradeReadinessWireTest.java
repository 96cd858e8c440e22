package io.periscope.aws.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.TestBrowser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrade readiness on the wire: insights across two {@code ListInsights} pages (one with
 * deprecated-API details), a managed node group behind the control plane and several AMI releases
 * behind (SSM public parameters, two pages), an add-on that blocks the next minor.
 */
class UpgradeReadinessWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SSM_PATH = "/aws/service/eks/optimized-ami/1.30/amazon-linux-2023/x86_64/standard";
  private EksWire wire;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    wire = new EksWire(Map.of("auth.authorization.mode", "raw"), b -> { });
    alice = wire.harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterEach
  void stop() {
    wire.close();
  }

  /** The two v1.32 insights, on two ListInsights pages: deprecated APIs in use (an error) and the kubelet skew (passing). */
  private void insights() {
    insightsPage(null, "AQICAHh0b2tlbi0y", DEPRECATED_APIS_132);
    insightsPage("AQICAHh0b2tlbi0y", null, KUBELET_SKEW_132);
  }

  private static final InsightFixture DEPRECATED_APIS_132 = insight("c0a1b2c3-d4e5-4f60-8172-93a4b5c6d7e8",
      "Deprecated APIs removed in Kubernetes v1.32", "1.32")
      .description("Checks for usage of deprecated APIs that are scheduled for removal in Kubernetes v1.32.")
      .status("ERROR", "Deprecated API usage detected within last 30 days.")
      .recommendation("Update manifests and API clients to use newer Kubernetes APIs if applicable before upgrading to Kubernetes v1.32.")
      .details("additionalInfo", """
          {"EKS update cluster documentation":"https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html",
           "Kubernetes v1.32 deprecation guide":"https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-32"}""")
      .details("resources", """
          [{"insightStatus":{"status":"ERROR"},"kubernetesResourceUri":"/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas"}]""")
      .details("categorySpecificSummary", """
          {"deprecationDetails":[{"usage":"/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas",
            "replacedWith":"/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas","stopServingVersion":"1.32","startServingReplacementVersion":"1.29",
            "clientStats":[{"userAgent":"kube-prometheus-stack/v0.73.2","numberOfRequestsLast30Days":1240,"lastRequestTime":1.7332992E9}]}],
           "addonCompatibilityDetails":[]}""");

  private static final InsightFixture KUBELET_SKEW_132 = insight("d1b2c3d4-e5f6-4071-8293-a4b5c6d7e8f9", "Kubelet version skew", "1.32")
      .description("Checks for kubelet versions of worker nodes in the cluster to see if upgrade would cause noncompliance with supported "
          + "Kubernetes kubelet version skew policy.")
      .status("PASSING", "No issues detected.")
      .recommendation("Upgrade your worker nodes.");

  /**
   * One ListInsights page ({@code token} null: the first) with {@code insights}, and DescribeInsight
   * for each of them.
   */
  private void insightsPage(String token, String nextToken, InsightFixture... insights) {
    var page = JSON.createObjectNode();
    var list = page.putArray("insights");
    for (InsightFixture i : insights) {
      list.add(i.summary());
      wire.json(get(urlEqualTo("/clusters/prod-eks/insights/" + i.id())), i.described());
    }
    page.put("nextToken", nextToken);
    wire.json(post(urlEqualTo("/clusters/prod-eks/insights"))
        .withRequestBody(matchingJsonPath("$.nextToken", token == null ? absent() : equalTo(token))), page.toString());
  }

  private static InsightFixture insight(String id, String name, String kubernetesVersion) {
    return new InsightFixture(id, name, kubernetesVersion);
  }

  /**
   * An UPGRADE_READINESS insight as EKS answers for it: the summary ListInsights gives, and what
   * DescribeInsight adds (empty additional info, resources and details unless given). Refreshed at
   * {@code 1.7333088E9}, last changed at {@code 1.7301024E9}, unless said otherwise.
   */
  private static final class InsightFixture {
    private final ObjectNode summary = JSON.createObjectNode();
    private final ObjectNode details = (ObjectNode) json("""
        {"additionalInfo":{},"resources":[],"categorySpecificSummary":{"deprecationDetails":[],"addonCompatibilityDetails":[]}}""");

    InsightFixture(String id, String name, String kubernetesVersion) {
      summary.put("id", id).put("name", name).put("category", "UPGRADE_READINESS").put("kubernetesVersion", kubernetesVersion)
          .put("lastRefreshTime", 1.7333088E9).put("lastTransitionTime", 1.7301024E9);
    }

    String id() {
      return summary.get("id").asText();
    }

    InsightFixture description(String description) {
      summary.put("description", description);
      return this;
    }

    InsightFixture status(String status, String reason) {
      summary.putObject("insightStatus").put("status", status).put("reason", reason);
      return this;
    }

    InsightFixture refreshedAt(double epochSeconds) {
      summary.put("lastRefreshTime", epochSeconds);
      return this;
    }

    InsightFixture recommendation(String recommendation) {
      details.put("recommendation", recommendation);
      return this;
    }

    /** A DescribeInsight field given as JSON: {@code additionalInfo}, {@code resources} or {@code categorySpecificSummary}. */
    InsightFixture details(String field, String json) {
      details.set(field, json(json));
      return this;
    }

    ObjectNode summary() {
      return summary;
    }

    String described() {
      var out = JSON.createObjectNode();
      ObjectNode insight = out.putObject("insight");
      insight.setAll(summary);
      insight.setAll(details);
      return out.toString();
    }

    private static JsonNode json(String json) {
      try {
        return JSON.readTree(json);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private void nodegroups() {
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups")), "{\"nodegroups\":[\"general\"],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups/general")), """
        {"nodegroup":{"nodegroupName":"general","nodegroupArn":"arn:aws:eks:eu-west-1:123456789012:nodegroup/prod-eks/general/7ec9d0a2",
          "clusterName":"prod-eks","version":"1.30","releaseVersion":"1.30.4-20241024","createdAt":1.7102364E9,"modifiedAt":1.7298E9,
          "status":"ACTIVE","capacityType":"ON_DEMAND","scalingConfig":{"minSize":2,"maxSize":6,"desiredSize":3},
          "instanceTypes":["m6i.large"],"subnets":["subnet-0a1b2c3d4e5f60718"],"amiType":"AL2023_x86_64_STANDARD",
          "nodeRole":"arn:aws:iam::123456789012:role/prod-eks-node","labels":{},"resources":{"autoScalingGroups":[{"name":"eks-general-7ec9d0a2"}]},
          "diskSize":20,"health":{"issues":[]},"updateConfig":{"maxUnavailable":1},"tags":{}}}""");
    String page1 = parameters(List.of(
        SSM_PATH + "/amazon-eks-node-al2023-x86_64-standard-1.30-v20241024/release_version=1.30.4-20241024",
        SSM_PATH + "/amazon-eks-node-al2023-x86_64-standard-1.30-v20241024/image_id=ami-0a1b2c3d4e5f60718",
        SSM_PATH + "/amazon-eks-node-al2023-x86_64-standard-1.30-v20241109/release_version=1.30.4-20241109"), "AAEAAd9cz2p0Z2VuLTI=");
    String page2 = parameters(List.of(
        SSM_PATH + "/amazon-eks-node-al2023-x86_64-standard-1.30-v20241121/release_version=1.30.6-20241121",
        SSM_PATH + "/amazon-eks-node-al2023-x86_64-standard-1.30-v20241205/release_version=1.30.7-20241205",
        SSM_PATH + "/recommended/release_version=1.30.7-20241205",
        SSM_PATH + "/recommended/image_id=ami-0f1e2d3c4b5a69788"), null);
    wire.json(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParametersByPath"))
        .withRequestBody(matchingJsonPath("$.NextToken", absent())), page1);
    wire.json(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParametersByPath"))
        .withRequestBody(matchingJsonPath("$.NextToken", equalTo("AAEAAd9cz2p0Z2VuLTI="))), page2);
  }

  /** A {@code GetParametersByPath} answer in SSM's JSON 1.1 shape; entries are {@code name=value}. */
  private static String parameters(List<String> entries, String nextToken) {
    var out = JSON.createObjectNode();
    var list = out.putArray("Parameters");
    for (String e : entries) {
      String name = e.substring(0, e.indexOf('='));
      list.addObject().put("Name", name).put("Type", "String").put("Value", e.substring(e.indexOf('=') + 1)).put("Version", 1)
          .put("LastModifiedDate", 1.7333088E9).put("ARN", "arn:aws:ssm:eu-west-1::parameter" + name).put("DataType", "text");
    }
    if (nextToken != null) {
      out.put("NextToken", nextToken);
    }
    return out.toString();
  }

  private void addons() {
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[\"vpc-cni\",\"coredns\"],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED);
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")), EksWire.COREDNS_ACTIVE);
    wire.addonVersions("vpc-cni", EksWire.VPC_CNI_VERSIONS);
    wire.addonVersions("coredns", EksWire.COREDNS_VERSIONS);
  }

  @Test
  void theNextMinorIsBlockedByAnInsightANodeGroupAndAnAddonWithEachReasonNamed() throws Exception {
    insights();
    nodegroups();
    addons();
    // The group runs nodes, so its AMI drift is worth a warning (a group with none runs no old AMI).
    node("ip-10-0-1-11.eu-west-1.compute.internal", Map.of("eks.amazonaws.com/nodegroup", "general"), "v1.31.4-eks-a737599");

    var r = alice.get("/api/clusters/prod/eks/upgrade-readiness");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("kubernetesVersion").asText()).isEqualTo("1.31");
    assertThat(page.get("problems")).isEmpty();
    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("targetVersion").asText()).isEqualTo("1.32");
    assertThat(verdict.get("ready").asBoolean()).isFalse();
    assertThat(verdict.get("unknown")).isEmpty();
    assertThat(verdict.get("blockers")).extracting(b -> b.get("source").asText() + ":" + b.get("subject").asText())
        .containsExactly("insight:Deprecated APIs removed in Kubernetes v1.32", "nodegroup:general", "addon:vpc-cni");
    assertThat(verdict.get("blockers").get(2).get("message").asText()).contains("v1.19.0-eksbuild.1");
    assertThat(verdict.get("warnings").toString()).contains("3 AMI releases / 42 days behind").contains("vpc-cni is DEGRADED");

    JsonNode insight = page.get("insights").get(0);
    assertThat(insight.get("status").asText()).isEqualTo("ERROR");
    assertThat(insight.get("link").asText()).isEqualTo("https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html");
    JsonNode deprecation = insight.get("deprecations").get(0);
    assertThat(deprecation.get("usage").asText()).isEqualTo("/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas");
    assertThat(deprecation.get("replacedWith").asText()).isEqualTo("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas");
    assertThat(deprecation.get("clients").get(0).get("userAgent").asText()).isEqualTo("kube-prometheus-stack/v0.73.2");
    assertThat(deprecation.get("clients").get(0).get("requestsLast30Days").asInt()).isEqualTo(1240);
    assertThat(page.get("insights")).hasSize(2);

    JsonNode group = page.get("nodegroups").get(0);
    assertThat(group.get("minorsBehind").asInt()).isEqualTo(1);
    assertThat(group.get("ami").get("latest").asText()).isEqualTo("1.30.7-20241205");
    assertThat(group.get("ami").get("releasesBehind").asInt()).isEqualTo(3);
    assertThat(group.get("ami").get("daysBehind").asInt()).isEqualTo(42);

    wire.aws.verify(postRequestedFor(urlEqualTo("/clusters/prod-eks/insights"))
        .withRequestBody(equalToJson("{\"filter\":{\"categories\":[\"UPGRADE_READINESS\"]}}", true, true)));
    wire.aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("\"Path\":\"" + SSM_PATH + "\"")));
    assertThat(wire.harness.audit.events()).filteredOn(e -> e.verb() == Verb.AWS_EKS_READ).singleElement().satisfies(row -> {
      assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(row.extra()).containsEntry("op", "upgrade_readiness");
      assertThat(row.target()).isEqualTo(new AuditEvent.Target("prod", "", "eks-cluster", "prod-eks"));
    });
  }

  @Test
  void aPartTheServerRoleMayNotReadIsNamedAndTheRestStillAnswers() throws Exception {
    wire.error(post(urlEqualTo("/clusters/prod-eks/insights")), 403, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: eks:ListInsights");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups")), "{\"nodegroups\":[],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[],\"nextToken\":null}");

    var r = alice.get("/api/clusters/prod/eks/upgrade-readiness");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("problems").toString()).contains("upgrade insights unknown").contains("eks:ListInsights");
    assertThat(page.get("insights").isNull()).as("unread, not 'no insights'").isTrue();
    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("blockers")).isEmpty();
    assertThat(verdict.get("ready").asBoolean()).as("nothing found in what could not be read is no readiness").isFalse();
    assertThat(verdict.get("unknown")).extracting(JsonNode::asText).containsExactly("upgrade insights");
  }

  @Test
  void addOnsWhosePublishedVersionsTheRoleMayNotReadShareOneProblemAndLeaveTheVerdictUnknown() throws Exception {
    insightsPage(null, null, KUBELET_SKEW_132);
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups")), "{\"nodegroups\":[],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[\"vpc-cni\",\"coredns\"],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED);
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")), EksWire.COREDNS_ACTIVE);
    wire.error(get(urlPathEqualTo("/addons/supported-versions")), 403, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: eks:DescribeAddonVersions");

    JsonNode page = JSON.readTree(alice.get("/api/clusters/prod/eks/upgrade-readiness").body());

    assertThat(page.get("problems")).extracting(JsonNode::asText).singleElement().asString()
        .startsWith("published versions of vpc-cni and coredns unknown: ").contains("eks:DescribeAddonVersions");
    assertThat(page.at("/addons/addons")).extracting(a -> a.get("freshness").isNull()).containsExactly(true, true);
    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("ready").asBoolean()).isFalse();
    assertThat(verdict.get("blockers")).isEmpty();
    assertThat(verdict.get("unknown")).extracting(JsonNode::asText)
        .containsExactly("compatibility of add-on vpc-cni", "compatibility of add-on coredns");
  }

  @Test
  void aLaterMinorAnInsightNamesGetsItsOwnVerdict() throws Exception {
    insightsPage(null, null, insight("e2c3d4e5-f607-4182-93a4-b5c6d7e8f901", "Deprecated APIs removed in Kubernetes v1.33", "1.33")
        .status("ERROR", "Deprecated API usage detected within last 30 days.")
        .recommendation("Update manifests before upgrading to Kubernetes v1.33."));
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups")), "{\"nodegroups\":[],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[],\"nextToken\":null}");

    JsonNode page = JSON.readTree(alice.get("/api/clusters/prod/eks/upgrade-readiness").body());

    assertThat(page.get("verdicts")).extracting(v -> v.get("targetVersion").asText() + " " + v.get("ready").asBoolean())
        .containsExactly("1.32 true", "1.33 false");
    assertThat(page.get("verdicts").get(1).get("blockers")).singleElement()
        .satisfies(b -> assertThat(b.get("subject").asText()).isEqualTo("Deprecated APIs removed in Kubernetes v1.33"));
  }

  private static final String EC2NODECLASS_CRD = "/karpenter/crds/karpenter.k8s.aws_ec2nodeclasses.yaml";

  /** A node as a kubelet registers it: its labels and {@code status.nodeInfo.kubeletVersion}. */
  private void node(String name, Map<String, String> labels, String kubelet) {
    wire.apiserver.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewStatus().withNewNodeInfo().withKubeletVersion(kubelet).withContainerRuntimeVersion("containerd://1.7.25")
        .withOsImage("Amazon Linux 2023.6.20250107").withArchitecture("amd64").withOperatingSystem("linux").endNodeInfo().endStatus()
        .build()).create();
  }

  /**
   * Karpenter's NodePool and EC2NodeClass CRDs (written before Periscope first reads the cluster's
   * discovery), two pools on two node classes: one follows al2023@latest, one pins a release.
   */
  private static void karpenter(MockApiServer apiserver) {
    var admin = apiserver.client();
    for (String crd : List.of("/karpenter/crds/karpenter.sh_nodepools.yaml", EC2NODECLASS_CRD)) {
      try (var in = UpgradeReadinessWireTest.class.getResourceAsStream(crd)) {
        admin.apiextensions().v1().customResourceDefinitions().load(in).create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    var pools = new ResourceDefinitionContext.Builder().withGroup("karpenter.sh").withVersion("v1").withPlural("nodepools")
        .withKind("NodePool").withNamespaced(false).build();
    var classes = new ResourceDefinitionContext.Builder().withGroup("karpenter.k8s.aws").withVersion("v1").withPlural("ec2nodeclasses")
        .withKind("EC2NodeClass").withNamespaced(false).build();
    for (String[] p : new String[][] {{"spot-general", "default"}, {"on-demand-critical", "pinned"}}) {
      admin.genericKubernetesResources(pools).resource(Serialization.unmarshal("""
          {"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"%s"},
           "spec":{"template":{"spec":{"nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"%s"},
             "requirements":[{"key":"karpenter.sh/capacity-type","operator":"In","values":["spot"]}]}}}}""".formatted(p[0], p[1]),
          GenericKubernetesResource.class)).create();
    }
    for (String[] c : new String[][] {{"default", "al2023@latest"}, {"pinned", "al2023@v20241211"}}) {
      admin.genericKubernetesResources(classes).resource(Serialization.unmarshal("""
          {"apiVersion":"karpenter.k8s.aws/v1","kind":"EC2NodeClass","metadata":{"name":"%s"},
           "spec":{"role":"KarpenterNodeRole-prod","amiSelectorTerms":[{"alias":"%s"}],
             "subnetSelectorTerms":[{"tags":{"karpenter.sh/discovery":"prod-eks"}}],
             "securityGroupSelectorTerms":[{"tags":{"karpenter.sh/discovery":"prod-eks"}}]}}""".formatted(c[0], c[1]),
          GenericKubernetesResource.class)).create();
    }
  }

  @Test
  void theNodesAreReadAsThePersonCountedByOriginAndCheckedAgainstTheKubeletSkewAfterTheUpgrade() throws Exception {
    wire.close();
    wire = new EksWire(Map.of("auth.authorization.mode", "raw"), b -> { }, UpgradeReadinessWireTest::karpenter);
    alice = wire.harness.browser();
    alice.login("alice", List.of("devs"));
    node("ip-10-0-1-11.eu-west-1.compute.internal", Map.of("eks.amazonaws.com/nodegroup", "general"), "v1.30.4-eks-a737599");
    node("ip-10-0-2-12.eu-west-1.compute.internal", Map.of("eks.amazonaws.com/nodegroup", "general"), "v1.30.4-eks-a737599");
    node("ip-10-0-3-13.eu-west-1.compute.internal", Map.of("karpenter.sh/nodepool", "spot-general"), "v1.31.4-eks-aeac579");
    node("ip-10-0-3-14.eu-west-1.compute.internal", Map.of("karpenter.sh/nodepool", "on-demand-critical"), "v1.31.4-eks-aeac579");
    node("fargate-ip-10-0-4-15.eu-west-1.compute.internal", Map.of("eks.amazonaws.com/compute-type", "fargate"), "v1.31.2-eks-94953ac");
    node("legacy-worker-1", Map.of(), "v1.28.15-eks-1552ad0");
    insights();
    nodegroups();
    addons();
    wire.apiserver.drainRequests();

    var r = alice.get("/api/clusters/prod/eks/upgrade-readiness");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("problems")).as(page.get("problems").toString()).isEmpty();
    JsonNode nodes = page.get("nodes");
    assertThat(nodes.get("available").asBoolean()).isTrue();
    assertThat(nodes.get("total").asInt()).isEqualTo(6);
    assertThat(nodes.get("karpenter").asBoolean()).isTrue();
    assertThat(nodes.get("origins")).extracting(o -> o.get("kind").asText() + " " + o.path("name").asText("-") + " " + o.get("nodes").asInt()
        + " " + o.get("kubelets").findValuesAsText("version")).containsExactly(
        "NODEGROUP general 2 [v1.30.4-eks-a737599]",
        "KARPENTER on-demand-critical 1 [v1.31.4-eks-aeac579]",
        "KARPENTER spot-general 1 [v1.31.4-eks-aeac579]",
        "FARGATE - 1 [v1.31.2-eks-94953ac]",
        "SELF_MANAGED - 1 [v1.28.15-eks-1552ad0]");
    assertThat(nodes.at("/origins/2/upgrade").asText()).contains("replaced through drift after the upgrade");
    assertThat(nodes.at("/origins/1/upgrade").asText()).contains("EC2NodeClass pinned pins its AMI (alias: al2023@v20241211)");
    assertThat(page.at("/nodegroups/0/nodes").asInt()).isEqualTo(2);

    JsonNode skew = nodes.get("skew").get(0);
    assertThat(skew.get("targetVersion").asText()).isEqualTo("1.32");
    assertThat(skew.get("supportedMinorsBehind").asInt()).isEqualTo(3);
    assertThat(skew.get("withinSkew").asBoolean()).isFalse();
    assertThat(skew.get("oldestKubelet").asText()).isEqualTo("1.28");
    assertThat(skew.get("outside")).extracting(JsonNode::asText).containsExactly("1 node of self-managed on kubelet v1.28.15-eks-1552ad0");
    assertThat(nodes.get("nodeClasses")).extracting(c -> c.get("name").asText() + " " + c.get("followsLatest").asBoolean() + " "
        + c.get("nodePools").findValuesAsText("")).hasSize(2);
    assertThat(nodes.at("/nodeClasses/0/name").asText()).isEqualTo("default");
    assertThat(nodes.at("/nodeClasses/0/followsLatest").asBoolean()).isTrue();
    assertThat(nodes.at("/nodeClasses/1/nodePools/0").asText()).isEqualTo("on-demand-critical");
    assertThat(nodes.at("/nodeClasses/1/followsLatest").asBoolean()).isFalse();

    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("blockers")).extracting(b -> b.get("source").asText() + ":" + b.get("subject").asText())
        .contains("nodes:self-managed");
    assertThat(verdict.get("blockers").toString()).contains("1 node of self-managed runs kubelet v1.28.15-eks-1552ad0: 4 minors behind "
        + "Kubernetes 1.32, more than the 3 the skew policy supports; move them to 1.29 or later first");
    assertThat(verdict.get("warnings")).extracting(w -> w.get("source").asText() + ":" + w.get("subject").asText())
        .contains("nodes:managed node group general", "karpenter:pinned").doesNotContain("karpenter:default");
    assertThat(verdict.get("warnings").toString()).contains("EC2NodeClass pinned: alias al2023@v20241211 pins an AMI release");

    List<RecordedRequest> reads = wire.apiserver.drainRequests().stream()
        .filter(q -> q.getPath().startsWith("/api/v1/nodes") || q.getPath().startsWith("/apis/karpenter")).toList();
    assertThat(reads).extracting(q -> q.getPath().replaceAll("\\?.*", ""))
        .contains("/api/v1/nodes", "/apis/karpenter.sh/v1/nodepools", "/apis/karpenter.k8s.aws/v1/ec2nodeclasses");
    assertThat(reads).allSatisfy(q -> {
      assertThat(q.getHeader("Impersonate-User")).isEqualTo("alice");
      assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
      assertThat(q.getHeader("Impersonate-Uid")).isNull();
    });
  }

  @Test
  void aPersonWhoMayNotListNodesGetsTheRestOfTheAnswerWithTheNodesNamedAsAProblem() throws Exception {
    wire.apiserver.answer("GET", "/api/v1/nodes", q -> MockApiServer.forbidden("nodes is forbidden: User \"alice\" cannot list resource "
        + "\"nodes\" in API group \"\" at the cluster scope"));
    insights();
    nodegroups();
    addons();

    var r = alice.get("/api/clusters/prod/eks/upgrade-readiness");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("problems")).extracting(JsonNode::asText).singleElement().asString()
        .startsWith("nodes unknown: ").contains("cannot list resource \"nodes\"");
    assertThat(page.at("/nodes/available").asBoolean()).isFalse();
    assertThat(page.at("/nodes/origins")).isEmpty();
    assertThat(page.at("/nodegroups/0/nodes").isNull()).isTrue();
    assertThat(page.at("/verdicts/0/blockers")).extracting(b -> b.get("source").asText() + ":" + b.get("subject").asText())
        .containsExactly("insight:Deprecated APIs removed in Kubernetes v1.32", "nodegroup:general", "addon:vpc-cni");
    assertThat(page.at("/verdicts/0/unknown")).extracting(JsonNode::asText).containsExactly("nodes");
    assertThat(page.get("insights")).hasSize(2);
  }

  @Test
  void anAddonInsightOlderThanTheUpdateOfItsAddonToACompatibleVersionIsAWarningThatSaysSo() throws Exception {
    insightsPage(null, null, insight("f3d4e5f6-0718-4293-a4b5-c6d7e8f90a12", "Amazon EKS add-on version compatibility", "1.32")
        .refreshedAt(1.7330112E9)
        .status("ERROR", "Add-on versions are not compatible with the upcoming Kubernetes version.")
        .recommendation("Upgrade your EKS add-on to a newer version that is supported by the next Kubernetes version.")
        .details("resources", """
            [{"insightStatus":{"status":"ERROR"},
              "arn":"arn:aws:eks:eu-west-1:123456789012:addon/prod-eks/vpc-cni/a2c7e1f0-1b2c-3d4e-5f60-718293a4b5c6"}]""")
        .details("categorySpecificSummary", """
            {"deprecationDetails":[],"addonCompatibilityDetails":[{"name":"vpc-cni","compatibleVersions":["v1.19.0-eksbuild.1"]}]}"""));
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/node-groups")), "{\"nodegroups\":[],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")), "{\"addons\":[\"vpc-cni\"],\"nextToken\":null}");
    // Updated to v1.19.0 a day after the insight's last refresh (1.7330112E9 → 1.7330976E9).
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED.replace("\"DEGRADED\"", "\"ACTIVE\"")
        .replace("v1.18.1-eksbuild.1", "v1.19.0-eksbuild.1").replace("\"modifiedAt\":1.7330112E9", "\"modifiedAt\":1.7330976E9"));
    wire.addonVersions("vpc-cni", EksWire.VPC_CNI_VERSIONS);

    JsonNode page = JSON.readTree(alice.get("/api/clusters/prod/eks/upgrade-readiness").body());

    JsonNode verdict = page.get("verdicts").get(0);
    assertThat(verdict.get("ready").asBoolean()).as(verdict.toString()).isTrue();
    assertThat(verdict.get("blockers")).isEmpty();
    assertThat(verdict.get("warnings")).singleElement().satisfies(w -> {
      assertThat(w.get("source").asText()).isEqualTo("insight");
      assertThat(w.get("message").asText()).isEqualTo("Amazon EKS add-on version compatibility: Add-on versions are not compatible with "
          + "the upcoming Kubernetes version. (the insight predates the update of vpc-cni to v1.19.0-eksbuild.1; EKS refreshes insights about daily)");
    });
    assertThat(page.at("/insights/0/addons")).extracting(JsonNode::asText).containsExactly("vpc-cni");
    assertThat(page.at("/insights/0/lastRefreshTime").asText()).isEqualTo("2024-12-01T00:00:00Z");
    assertThat(page.get("staleInsights")).singleElement().satisfies(s -> {
      assertThat(s.get("id").asText()).isEqualTo("f3d4e5f6-0718-4293-a4b5-c6d7e8f90a12");
      assertThat(s.get("updated")).extracting(JsonNode::asText).containsExactly("vpc-cni to v1.19.0-eksbuild.1");
    });
  }

  @Test
  void aClusterThatIsNotEksHasNoReadiness() {
    var r = alice.get("/api/clusters/test/eks/upgrade-readiness");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("not an EKS cluster").contains("\"code\":\"not_an_eks_cluster\"");
    assertThat(wire.aws.getAllServeEvents()).isEmpty();
  }
}
