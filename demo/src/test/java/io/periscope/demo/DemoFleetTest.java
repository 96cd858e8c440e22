package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.aws.FakeAws;
import io.periscope.demo.cluster.DemoEstate;
import io.periscope.demo.fleet.DemoFleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo fleet through the real server, as {@code ./periscope} runs it: three clusters reached by
 * three backends (eks with the fake AWS account's DescribeCluster and a token STS vouches for,
 * kubeconfig, the agent tunnel), each with failing workloads, and the AWS Access answers the fake
 * account's antipatterns produce.
 */
class DemoFleetTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/";
  private static DevServer server;
  private static DemoFleet fleet;
  private static String alice;

  @BeforeAll
  static void start() throws Exception {
    server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(), Map.of()));
    fleet = server.fleet().orElseThrow();
    assertThat(fleet.awaitAgent(Duration.ofSeconds(30))).as("the agent connects to the tunnel").isTrue();
    alice = DevSession.login(server, "alice", List.of("developers"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void threeClustersEachThroughItsOwnBackend() throws Exception {
    JsonNode clusters = get("/api/clusters").get("clusters");
    assertThat(clusters).extracting(c -> c.get("name").asText() + ":" + c.get("backend").asText() + ":" + c.get("environment").asText())
        .containsExactlyInAnyOrder("prod-us-east-1:eks:production", "staging-us-west-2:kubeconfig:staging", "factory-edge:agent:edge");

    JsonNode health = get("/api/fleet").get("clusters");
    assertThat(health).hasSize(3).allSatisfy(c -> {
      assertThat(c.get("reachable").asBoolean()).as("%s", c).isTrue();
      assertThat(c.get("failingPods").asInt()).as("crash loop and image pull in %s", c.get("name")).isGreaterThanOrEqualTo(2);
      assertThat(c.get("warnings").asInt()).isGreaterThanOrEqualTo(3);
    });
    assertThat(health).extracting(c -> c.get("name").asText() + " " + c.get("version").asText()).containsExactlyInAnyOrder(
        "prod-us-east-1 v1.31.4-eks-2d5f260", "staging-us-west-2 v1.32.1-eks-5e0fdde", "factory-edge v1.30.6+k3s1");
  }

  @Test
  void productionIsReachedAsEksWithATokenThatStsVouchedFor() throws Exception {
    List<String> aws = fleet.aws().calls().stream().map(FakeAws.Call::action).toList();
    assertThat(aws).contains("eks:DescribeCluster", "sts:GetCallerIdentity");
    get("/api/clusters/" + DemoEstate.PRODUCTION + "/namespaces");
    List<RecordedRequest> seen = fleet.cluster(DemoEstate.PRODUCTION).drainRequests();
    assertThat(seen).filteredOn(r -> "alice".equals(r.getHeader("Impersonate-User"))).isNotEmpty()
        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Bearer k8s-aws-v1."));

    // Without a token EKS says no; the serving certificate is the one DescribeCluster hands out.
    var tls = SSLContext.getInstance("TLS");
    var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("eks", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
        new java.io.ByteArrayInputStream(fleet.cluster(DemoEstate.PRODUCTION).caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    trust.init(store);
    tls.init(null, trust.getTrustManagers(), null);
    HttpResponse<String> anonymous = HttpClient.newBuilder().sslContext(tls).build().send(
        HttpRequest.newBuilder(fleet.cluster(DemoEstate.PRODUCTION).url().resolve("/api/v1/namespaces")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("payments");
  }

  @Test
  void thePrivateClusterIsReachedThroughTheAgentTunnel() throws Exception {
    fleet.cluster(DemoEstate.EDGE).drainRequests();
    JsonNode namespaces = get("/api/clusters/" + DemoEstate.EDGE + "/namespaces");
    assertThat(namespaces.get("namespaces")).extracting(JsonNode::asText).contains("line-control", "telemetry");
    List<RecordedRequest> seen = fleet.cluster(DemoEstate.EDGE).drainRequests();
    assertThat(seen).filteredOn(r -> "alice".equals(r.getHeader("Impersonate-User"))).isNotEmpty()
        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).as("the agent's own ServiceAccount token")
            .isEqualTo("Bearer demo-agent-serviceaccount-token"));
  }

  @Test
  void thePrivateClustersAgentBoundItsNameToTheClustersIdentity() throws Exception {
    String uid = fleet.adminClient(DemoEstate.EDGE).namespaces().withName("kube-system").get().getMetadata().getUid();
    String admin = DevSession.login(server, "sam", List.of("sre-admins"));

    JsonNode agents = DevSession.json(DevSession.get(URI.create(server.url().resolve("/api/agents").toString()), admin), 200);

    assertThat(uid).isNotBlank();
    assertThat(agents).singleElement().satisfies(a -> {
      assertThat(a.get("cluster").asText()).isEqualTo(DemoEstate.EDGE);
      assertThat(a.at("/identity/boundUid").asText()).as("the kube-system UID the agent read").isEqualTo(uid);
      assertThat(a.at("/identity/live").asText()).isEqualTo("verified");
      assertThat(a.at("/identity/conflict").isNull()).isTrue();
    });
  }

  @Test
  void aRoleThatPassesAnyRoleCarriesTheIamPassRoleChip() throws Exception {
    JsonNode access = awsAccess(DemoEstate.PRODUCTION, "platform", "deploy-bot");
    assertThat(access.at("/identity/irsaRoleArn").asText()).isEqualTo(ROLE + "prod-deploy-bot");
    JsonNode role = access.get("roles").get(0);
    assertThat(role.get("exists").asBoolean()).isTrue();
    assertThat(role.get("policies")).extracting(JsonNode::asText)
        .containsExactly("inline:deploy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    assertThat(chips(role)).contains("iam:PassRole PRIVILEGE_ESCALATION ALL_RESOURCES", "eks:UpdateClusterConfig CLUSTER_SELF_MODIFY SOME_RESOURCES",
        "sts:AssumeRole CROSS_ACCOUNT SOME_RESOURCES");
  }

  @Test
  void aStaleIrsaAnnotationNamesADeletedRole() throws Exception {
    JsonNode role = awsAccess(DemoEstate.PRODUCTION, "checkout", "checkout-web").get("roles").get(0);
    assertThat(role.get("roleArn").asText()).isEqualTo(ROLE + "prod-checkout-web-legacy");
    assertThat(role.get("exists").asBoolean()).isFalse();
    assertThat(role.get("problems").toString()).contains("role not found");
  }

  @Test
  void aDualSourceServiceAccountShowsBothRolesAndSaysWhichWins() throws Exception {
    JsonNode access = awsAccess(DemoEstate.PRODUCTION, "checkout", "cart-service");
    assertThat(access.at("/identity/irsaRoleArn").asText()).isEqualTo(ROLE + "prod-cart-service");
    assertThat(access.at("/identity/podIdentity/0/roleArn").asText()).isEqualTo(ROLE + "prod-cart-service-pod-identity");
    assertThat(access.at("/identity/effectiveRoleArn").asText()).isEqualTo(ROLE + "prod-cart-service");
    assertThat(access.at("/identity/problems").toString()).contains("both IRSA and Pod Identity are set");
    assertThat(access.get("roles")).hasSize(2);
    assertThat(chips(access.get("roles").get(1))).contains("secretsmanager:GetSecretValue DATA CONDITIONAL");
  }

  @Test
  void aPodOnTheDefaultServiceAccountInheritsItsAdministratorRole() throws Exception {
    JsonNode access = awsAccess(DemoEstate.PRODUCTION, "platform", "nightly-report");
    assertThat(access.at("/identity/serviceAccount").asText()).isEqualTo("default");
    assertThat(access.at("/identity/defaultServiceAccount").asBoolean()).isTrue();
    JsonNode role = access.get("roles").get(0);
    assertThat(role.get("roleArn").asText()).isEqualTo(ROLE + "prod-platform-default");
    assertThat(role.get("wildcards")).isNotEmpty();
    assertThat(chips(role)).contains("s3:DeleteBucket DESTRUCTIVE ALL_RESOURCES", "iam:PassRole PRIVILEGE_ESCALATION ALL_RESOURCES");
  }

  @Test
  void podIdentityRoleWithABroadWildcardOnS3() throws Exception {
    JsonNode access = awsAccess(DemoEstate.PRODUCTION, "payments", "ledger-worker");
    assertThat(access.at("/identity/irsaRoleArn").isNull()).isTrue();
    assertThat(access.at("/identity/effectiveRoleArn").asText()).isEqualTo(ROLE + "prod-ledger-worker");
    assertThat(chips(access.get("roles").get(0))).contains("s3:DeleteBucket DESTRUCTIVE ALL_RESOURCES", "s3:DeleteObject* DESTRUCTIVE ALL_RESOURCES");
  }

  @Test
  void theStagingClusterOnAKubeconfigHasAwsAccessBecauseItsEntryNamesItsEksCluster() throws Exception {
    JsonNode access = awsAccess(DemoEstate.STAGING, "payments", "ledger-worker");
    assertThat(access.at("/identity/effectiveRoleArn").asText()).as("a Pod Identity association, from EKS in us-west-2")
        .isEqualTo(ROLE + "staging-ledger-worker");
    assertThat(access.at("/roles/0/policies/0").asText()).isEqualTo("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
  }

  @Test
  void theProbeSimulatesTheServersScopedPolicyAndFindsNothingMissingOnEitherAwsCluster() throws Exception {
    for (String cluster : List.of(DemoEstate.PRODUCTION, DemoEstate.STAGING)) {
      JsonNode c = get("/api/clusters/" + cluster + "/aws/capabilities");
      assertThat(c.get("reason").asText()).as(c.toString()).isEqualTo("AVAILABLE");
      assertThat(c.get("probed").asBoolean()).isTrue();
      assertThat(c.get("callerArn").asText()).isEqualTo(ROLE + "periscope-server");
      assertThat(c.get("required").toString()).contains("eks:ListPodIdentityAssociations");
    }
  }

  @Test
  void thePrivateClusterOnPremisesHasNoAwsIdentity() throws Exception {
    int before = fleet.aws().calls().size();
    JsonNode access = awsAccess(DemoEstate.EDGE, "line-control", "plc-gateway");
    assertThat(access.get("roles")).isEmpty();
    assertThat(access.at("/identity/effectiveRoleArn").isNull()).isTrue();
    assertThat(fleet.aws().calls().subList(before, fleet.aws().calls().size()))
        .as("no AWS call for a cluster that names no EKS cluster").isEmpty();
  }

  @Test
  void productionIsMidMigrationToAccessEntriesWithEveryClusterAccessFinding() throws Exception {
    JsonNode page = get("/api/clusters/" + DemoEstate.PRODUCTION + "/aws/cluster-access");

    assertThat(page.get("authenticationMode").asText()).isEqualTo("API_AND_CONFIG_MAP");
    assertThat(page.get("migration").toString()).isEqualTo("{\"awsAuthOnly\":4,\"dual\":3,\"entriesOnly\":2}");
    Map<String, String> principals = new java.util.TreeMap<>();
    page.get("principals").forEach(p -> principals.put(p.get("principalArn").asText().substring(ROLE.length() - 5),
        p.get("mapped").asText() + (p.get("agree").isNull() ? "" : " " + p.get("agree").asBoolean())));
    assertThat(principals).containsEntry("role/prod-eks-nodes", "BOTH true").containsEntry("role/developers", "BOTH true")
        .containsEntry("role/platform-admins", "BOTH false").containsEntry("role/ci-deployer", "ENTRY_ONLY")
        .containsEntry("role/legacy-jenkins", "AWS_AUTH_ONLY").containsEntry("user/ops-breakglass", "AWS_AUTH_ONLY");
    assertThat(page.at("/awsAuth/warnings").toString()).contains("rolearn arn:aws:iam::123456789012:role/teams/data/data-engineers has a path");
    Map<String, List<String>> findings = new java.util.TreeMap<>();
    page.get("findings").forEach(f -> findings.computeIfAbsent(f.get("type").asText(), k -> new ArrayList<>())
        .add(f.get("namespace").asText() + "/" + f.get("serviceAccount").asText() + " " + f.get("arn").asText().replace(ROLE, "")));
    assertThat(findings).containsOnlyKeys("DUAL_SOURCE_CONFLICT", "ORPHAN_POD_IDENTITY", "STALE_IRSA", "BROAD_OIDC_TRUST", "DEFAULT_SA_WITH_ROLE",
        "SYSTEM_MASTERS", "INERT_SYSTEM_MASTERS", "AWS_AUTH_WILDCARD", "AWS_AUTH_DUPLICATE");
    assertThat(findings.get("DUAL_SOURCE_CONFLICT")).containsExactly("checkout/cart-service prod-cart-service");
    assertThat(findings.get("ORPHAN_POD_IDENTITY")).containsExactly("payments/fraud-scorer prod-fraud-scorer");
    assertThat(findings.get("STALE_IRSA")).containsExactly("checkout/checkout-web prod-checkout-web-legacy");
    assertThat(findings.get("BROAD_OIDC_TRUST")).contains("platform/deploy-bot prod-deploy-bot");
    assertThat(findings.get("DEFAULT_SA_WITH_ROLE")).containsExactly("platform/default prod-platform-default");
    assertThat(findings.get("SYSTEM_MASTERS")).containsExactlyInAnyOrder("/ legacy-jenkins", "/ arn:aws:iam::123456789012:user/ops-breakglass");
    assertThat(findings.get("INERT_SYSTEM_MASTERS")).as("its access entry is what EKS uses").containsExactly("/ platform-admins");
    assertThat(page.get("problems")).isEmpty();
  }

  /**
   * Staging's managed node group runs 2 nodes (upgrade readiness): their role must be mapped for them to
   * have joined, so the access page must not say that no IAM principal is mapped (it did).
   */
  @Test
  void stagingIsOnAccessEntriesOnlyAndMapsTheNodeRoleItsNodesJoinedWith() throws Exception {
    JsonNode page = get("/api/clusters/" + DemoEstate.STAGING + "/aws/cluster-access");

    assertThat(page.get("authenticationMode").asText()).isEqualTo("API");
    assertThat(page.get("migration").toString()).isEqualTo("{\"awsAuthOnly\":0,\"dual\":0,\"entriesOnly\":2}");
    Map<String, String> principals = new java.util.TreeMap<>();
    page.get("principals").forEach(p -> principals.put(p.get("principalArn").asText().substring(ROLE.length()),
        p.get("mapped").asText() + " " + p.at("/entry/type").asText()));
    assertThat(principals).containsExactly(Map.entry("platform-admins", "ENTRY_ONLY STANDARD"), Map.entry("staging-eks-nodes", "ENTRY_ONLY EC2_LINUX"));
    assertThat(page.get("findings")).isEmpty();
    assertThat(page.get("problems")).isEmpty();
  }

  @Test
  void theFleetsHelmReleasesShowOneChartAtDifferentVersionsOnDifferentClusters() throws Exception {
    JsonNode fleetHelm = get("/api/helm/releases");
    List<String> rows = new ArrayList<>();
    fleetHelm.get("releases").forEach(r -> rows.add(r.get("cluster").asText() + " " + r.at("/release/name").asText() + " "
        + r.at("/release/chartVersion").asText() + " " + r.at("/release/status").asText()));
    assertThat(rows).contains(DemoEstate.PRODUCTION + " payments-api 2.14.1 deployed", DemoEstate.STAGING + " payments-api 2.15.0-rc3 deployed",
        DemoEstate.PRODUCTION + " grafana 8.6.4 deployed", DemoEstate.EDGE + " agent 0.1.0 deployed", DemoEstate.EDGE + " influxdb 2.1.3 failed");
    assertThat(fleetHelm.get("partial").asBoolean()).as(fleetHelm.get("clusters").toString()).isFalse();
  }

  @Test
  void theEdgesInfluxdbUpgradeFailedAndItsInstallIsStillTheDeployedRevision() throws Exception {
    JsonNode history = get("/api/clusters/" + DemoEstate.EDGE + "/helm/releases/telemetry/influxdb/history");
    List<String> revisions = new ArrayList<>();
    history.get("revisions").forEach(r -> revisions.add(r.get("revision").asInt() + " " + r.get("chartVersion").asText() + " "
        + r.get("status").asText() + " " + r.get("description").asText()));
    assertThat(revisions).containsExactly(
        "2 2.1.3 failed Upgrade \"influxdb\" failed: context deadline exceeded",
        "1 2.1.2 deployed Install complete");

    JsonNode drift = get("/api/clusters/" + DemoEstate.EDGE + "/helm/releases/telemetry/influxdb/drift");
    assertThat(drift.get("revision").asInt()).as("drift compares with what runs: the deployed revision").isEqualTo(1);
  }

  @Test
  void productionsPaymentsReleaseShowsTheHandEditsSinceItWasDeployedAndStagingsIsAsDeployed() throws Exception {
    JsonNode prod = get("/api/clusters/" + DemoEstate.PRODUCTION + "/helm/releases/payments/payments-api/drift");
    List<String> objects = new ArrayList<>();
    prod.get("objects").forEach(o -> objects.add(o.get("kind").asText() + " " + o.get("name").asText() + " " + o.get("state").asText()
        + " " + o.get("differences").findValuesAsText("path")));
    assertThat(objects).containsExactlyInAnyOrder(
        "Deployment payments-api DRIFTED [spec.replicas]",
        "Service payments-api IN_SYNC []",
        "ServiceAccount payments-api IN_SYNC []",
        "ConfigMap payments-api-config DRIFTED [data.FEATURE_3DS2]",
        "NetworkPolicy payments-api-ingress MISSING []");

    JsonNode staging = get("/api/clusters/" + DemoEstate.STAGING + "/helm/releases/payments/payments-api/drift");
    assertThat(staging.get("counts").get("IN_SYNC").asInt()).isEqualTo(staging.get("objects").size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void stagingsManagedNodeGroupHasItsNodes() throws Exception {
    JsonNode readiness = get("/api/clusters/" + DemoEstate.STAGING + "/eks/upgrade-readiness");
    List<String> groups = new ArrayList<>();
    readiness.get("nodegroups").forEach(g -> groups.add(g.get("name").asText()));
    assertThat(groups).containsExactly("default");
    assertThat(readiness.at("/verdicts/0/warnings").toString()).contains("node group default is 1 AMI release / 14 days behind");

    // The link from Upgrade readiness: the group's nodes by the label EKS puts on them.
    JsonNode members = get("/api/clusters/" + DemoEstate.STAGING + "/resources/core/v1/nodes?labelSelector=eks.amazonaws.com%2Fnodegroup%3Ddefault");
    JsonNode all = get("/api/clusters/" + DemoEstate.STAGING + "/resources/core/v1/nodes");
    assertThat(members.get("rows")).hasSize(all.get("rows").size()).isNotEmpty();
  }

  @Test
  void productionsReadinessCountsItsKarpenterNodesAndNamesThePinnedEc2NodeClass() throws Exception {
    JsonNode readiness = get("/api/clusters/" + DemoEstate.PRODUCTION + "/eks/upgrade-readiness");
    assertThat(readiness.get("problems")).as(readiness.get("problems").toString()).isEmpty();
    List<String> groups = new ArrayList<>();
    readiness.get("nodegroups").forEach(g -> groups.add(g.get("name").asText() + " " + g.get("nodes").asInt()));
    assertThat(groups).as("the managed node groups run none of the cluster's nodes").containsExactly("general-purpose 0", "batch-spot 0");

    JsonNode nodes = readiness.get("nodes");
    assertThat(nodes.get("total").asInt()).isEqualTo(3);
    List<String> origins = new ArrayList<>();
    nodes.get("origins").forEach(o -> origins.add(o.get("kind").asText() + " " + o.get("name").asText() + " " + o.get("nodes").asInt()
        + " " + o.get("kubelets").findValuesAsText("version")));
    assertThat(origins).containsExactly("KARPENTER critical-on-demand 1 [v1.31.4-eks-aeac579]", "KARPENTER general-spot 2 [v1.31.4-eks-aeac579]");
    assertThat(nodes.at("/skew/0/withinSkew").asBoolean()).isTrue();
    List<String> classes = new ArrayList<>();
    nodes.get("nodeClasses").forEach(c -> classes.add(c.get("name").asText() + " " + c.get("followsLatest").asBoolean()));
    assertThat(classes).containsExactly("critical false", "default true");
    assertThat(readiness.at("/verdicts/0/warnings").toString()).contains("EC2NodeClass critical: alias al2023@v20250107 pins an AMI release");
    assertThat(readiness.at("/insights").findValuesAsText("lastRefreshTime")).isNotEmpty();
  }

  @Test
  void listsArriveAsTheApiserversTablesThroughEveryBackendAndPageWithContinue() throws Exception {
    for (String cluster : List.of(DemoEstate.PRODUCTION, DemoEstate.STAGING, DemoEstate.EDGE)) {
      var response = DevSession.get(URI.create(server.url().resolve("/api/clusters/" + cluster + "/resources/core/v1/pods").toString()), alice);
      JsonNode table = DevSession.json(response, 200);
      assertThat(response.headers().firstValue("X-Periscope-List-Format")).as(cluster).hasValue("table");
      List<String> visible = new ArrayList<>();
      table.get("columnDefinitions").forEach(c -> {
        if (c.get("priority").asInt() == 0) {
          visible.add(c.get("name").asText());
        }
      });
      assertThat(visible).as(cluster).containsExactly("Name", "Ready", "Status", "Restarts", "Age");
      assertThat(table.get("rows")).as(cluster).isNotEmpty().allSatisfy(r -> {
        assertThat(r.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(r.at("/cells/0").asText()).isEqualTo(r.at("/object/metadata/name").asText());
      });
      assertThat(table.get("rows")).as("a crash loop in %s", cluster)
          .anySatisfy(r -> assertThat(r.at("/cells/2").asText()).isEqualTo("CrashLoopBackOff"));
    }

    List<String> paged = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page = get("/api/clusters/" + DemoEstate.PRODUCTION + "/resources/core/v1/pods?limit=5"
          + (token.isEmpty() ? "" : "&continue=" + DevSession.enc(token)));
      page.get("rows").forEach(r -> paged.add(r.at("/object/metadata/namespace").asText() + "/" + r.at("/object/metadata/name").asText()));
      token = page.at("/metadata/continue").asText("");
      pages++;
    } while (!token.isEmpty() && pages < 50);
    List<String> all = new ArrayList<>();
    get("/api/clusters/" + DemoEstate.PRODUCTION + "/resources/core/v1/pods").get("rows")
        .forEach(r -> all.add(r.at("/object/metadata/namespace").asText() + "/" + r.at("/object/metadata/name").asText()));
    assertThat(pages).isGreaterThan(1);
    assertThat(paged).containsExactlyElementsOf(all);
  }

  /**
   * The detail pane asks several access reviews at once (one per action); on every backend (the EKS
   * token, the kubeconfig, the agent tunnel) each is answered by the demo's RBAC, none fails.
   */
  @Test
  void accessReviewsAskedTogetherAreEachAnsweredOnEveryCluster() throws Exception {
    String csrf = get("/api/auth/whoami").get("csrfToken").asText();
    List<String> checks = List.of(
        "{\"verb\":\"patch\",\"group\":\"apps\",\"resource\":\"deployments\",\"namespace\":\"shop\",\"name\":\"web\"}",
        "{\"verb\":\"delete\",\"group\":\"apps\",\"resource\":\"deployments\",\"namespace\":\"shop\",\"name\":\"web\"}",
        "{\"verb\":\"patch\",\"group\":\"apps\",\"resource\":\"deployments\",\"subresource\":\"scale\",\"namespace\":\"shop\",\"name\":\"web\"}",
        "{\"verb\":\"create\",\"resource\":\"pods\",\"subresource\":\"eviction\",\"namespace\":\"shop\",\"name\":\"web-0\"}");
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent = new ArrayList<>();
    for (String cluster : List.of(DemoEstate.PRODUCTION, DemoEstate.STAGING, DemoEstate.EDGE)) {
      for (String check : checks) {
        sent.add(HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(server.url().resolve("/api/clusters/" + cluster + "/can-i"))
            .header("Cookie", alice).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"checks\":[" + check + "]}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()));
      }
    }
    for (var answer : sent) {
      JsonNode result = DevSession.json(answer.get(), 200).get("results").get(0).get("answer");
      assertThat(result.get("reason").asText()).as("%s", result).doesNotStartWith("access review failed");
      assertThat(result.get("allowed").asBoolean()).as("developers write deployments and evict pods: %s", result).isTrue();
    }
  }

  /** A POST as {@code cookie}'s person, with their CSRF token. */
  private static java.net.http.HttpResponse<String> post(String cookie, String path, String body) throws Exception {
    String csrf = DevSession.json(DevSession.get(server.url().resolve("/api/auth/whoami"), cookie), 200).get("csrfToken").asText();
    return HTTP.send(java.net.http.HttpRequest.newBuilder(server.url().resolve(path)).header("Cookie", cookie).header("X-CSRF-Token", csrf)
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Scale goes through the scale subresource, so the triage tier (sre-oncall), which may patch
   * {@code deployments/scale} and {@code statefulsets/scale} but not edit a ReplicaSet, is offered it and
   * scales; the read tier (viewers) is neither offered it nor let through by the cluster.
   */
  @Test
  void aTriagePersonScalesADeploymentAndAStatefulSetAndAViewerIsRefused() throws Exception {
    String oncall = DevSession.login(server, "olga", List.of("sre-oncall"));
    String viewer = DevSession.login(server, "vic", List.of("viewers"));
    String apps = "/api/clusters/" + DemoEstate.PRODUCTION + "/resources/apps/v1/";
    String grafana = apps + "deployments/monitoring/grafana";
    String prometheus = apps + "statefulsets/monitoring/prometheus";
    String check = "{\"checks\":[{\"verb\":\"patch\",\"group\":\"apps\",\"resource\":\"deployments\",\"subresource\":\"scale\","
        + "\"namespace\":\"monitoring\",\"name\":\"grafana\"}]}";
    String canI = "/api/clusters/" + DemoEstate.PRODUCTION + "/can-i";
    assertThat(DevSession.json(post(oncall, canI, check), 200).at("/results/0/answer/allowed").asBoolean()).isTrue();
    assertThat(DevSession.json(post(viewer, canI, check), 200).at("/results/0/answer/allowed").asBoolean()).isFalse();

    JsonNode refused = DevSession.json(post(viewer, grafana + "/scale", "{\"replicas\":3}"), 403);
    assertThat(refused.get("code").asText()).isEqualTo("forbidden");
    assertThat(refused.get("message").asText()).contains("cannot patch resource \"deployments/scale\"");
    assertThat(get(grafana).at("/spec/replicas").asInt()).isEqualTo(1);

    try {
      JsonNode scaled = DevSession.json(post(oncall, grafana + "/scale", "{\"replicas\":2}"), 200);
      assertThat(scaled.get("kind").asText()).isEqualTo("Scale");
      assertThat(scaled.at("/spec/replicas").asInt()).isEqualTo(2);
      assertThat(get(grafana).at("/spec/replicas").asInt()).isEqualTo(2);
      assertThat(get(grafana).at("/status/replicas").asInt()).as("its pods followed").isEqualTo(2);

      assertThat(DevSession.json(post(oncall, prometheus + "/scale", "{\"replicas\":2}"), 200).at("/spec/replicas").asInt()).isEqualTo(2);
      assertThat(get(prometheus).at("/spec/replicas").asInt()).isEqualTo(2);
    } finally {
      // As seeded, for the fleet's other tests.
      post(oncall, grafana + "/scale", "{\"replicas\":1}");
      post(oncall, prometheus + "/scale", "{\"replicas\":1}");
    }
  }

  @Test
  void theShopIngresssCertificateIsARealOneDueToExpireInTwelveDays() throws Exception {
    String csrf = get("/api/auth/whoami").get("csrfToken").asText();
    var answer = HTTP.send(java.net.http.HttpRequest.newBuilder(server.url().resolve("/api/clusters/" + DemoEstate.PRODUCTION
            + "/resources/core/v1/secrets/checkout/shop-example-com-tls/certificate"))
        .header("Cookie", alice).header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode chain = DevSession.json(answer, 200);
    assertThat(chain.get("state").asText()).isEqualTo("EXPIRES_SOON");
    assertThat(chain.get("daysLeft").asLong()).isEqualTo(12);
    assertThat(chain.at("/certificates/0/names").toString()).isEqualTo("[\"shop.example.com\",\"www.shop.example.com\"]");
    assertThat(chain.at("/certificates/1/authority").asBoolean()).isTrue();
  }

  @Test
  void theFleetsImagesShowATagPushedAgainALatestTagAndAnImageThatCannotBePulled() throws Exception {
    JsonNode answer = get("/api/fleet/images");
    assertThat(answer.get("partial").asBoolean()).isFalse();
    java.util.Map<String, JsonNode> images = new java.util.HashMap<>();
    answer.get("images").forEach(i -> images.put(i.get("reference").asText(), i));

    JsonNode checkout = images.entrySet().stream().filter(e -> e.getKey().endsWith("example/checkout-web:5.2.0")).findFirst().orElseThrow().getValue();
    assertThat(checkout.get("digests")).as("production's first replica pulled the tag before it was pushed again").hasSize(2);
    assertThat(checkout.at("/places/0/cluster").asText()).isEqualTo(DemoEstate.PRODUCTION);
    JsonNode netshoot = images.get("docker.io/nicolaka/netshoot:latest");
    assertThat(netshoot.get("latestTag").asBoolean()).isTrue();
    assertThat(netshoot.at("/places/0/workloads/0/kind").asText()).isEqualTo("Pod");
    assertThat(images.get("ghcr.io/example/recommendations:3.0.0-rc1").get("pullFailing").asInt()).isEqualTo(1);
    assertThat(images.get("ghcr.io/example/recommendations:3.0.0-rc1").get("digests")).isEmpty();

    JsonNode byDigest = get("/api/fleet/images?q=" + checkout.at("/digests/1/digest").asText().substring(0, 24));
    assertThat(byDigest.get("images")).singleElement().satisfies(i -> assertThat(i.get("pods").asInt()).isEqualTo(1));

    // Each build's CVEs from the demo account's Inspector (read in the background on first ask): the build most
    // replicas run was scanned and has findings.
    JsonNode scanned = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(
        () -> get("/api/fleet/images?q=checkout-web%3A5.2.0").at("/images/0/digests/0/cves"), c -> c.path("state").asText().equals("SCANNED"));
    assertThat(scanned.at("/counts/critical").asInt() + scanned.at("/counts/high").asInt()).isPositive();
  }

  @Test
  void aPodsEventsTabReadsItsEventsByInvolvedObjectAsKubectlDescribeDoes() throws Exception {
    JsonNode list = get("/api/clusters/" + DemoEstate.PRODUCTION + "/resources/core/v1/pods?namespace=payments"
        + "&labelSelector=app.kubernetes.io%2Fname%3Dledger-worker");
    List<String> pods = new ArrayList<>();
    list.get("rows").forEach(r -> pods.add(r.at("/object/metadata/name").asText()));
    List<String> reasons = new ArrayList<>();
    for (String pod : pods) {
      get("/api/clusters/" + DemoEstate.PRODUCTION + "/resources/core/v1/pods/payments/" + pod + "/events").get("events")
          .forEach(e -> reasons.add(pod + " " + e.get("reason").asText() + " " + e.get("count").asInt()));
    }
    assertThat(reasons).as("only the crash-looping replica's events, each on its own pod").containsExactly(pods.getLast() + " BackOff 214");
  }

  @Test
  void aContainerThatNeverStartedHasNoLogAsAKubeletSays() throws Exception {
    String pulling = podOf(DemoEstate.PRODUCTION, "checkout", "recommendations");
    JsonNode refused = DevSession.json(DevSession.get(server.url().resolve("/api/clusters/" + DemoEstate.PRODUCTION + "/pods/checkout/"
        + pulling + "/logs?tailLines=10"), alice), 400);
    assertThat(refused.get("message").asText()).contains("container \"recommendations\" in pod \"" + pulling
        + "\" is waiting to start: trying and failing to pull image");
    String crashing = podOf(DemoEstate.PRODUCTION, "payments", "ledger-worker");
    assertThat(DevSession.get(server.url().resolve("/api/clusters/" + DemoEstate.PRODUCTION + "/pods/payments/" + crashing + "/logs?tailLines=10"),
        alice).statusCode()).as("a container that ran has a log").isEqualTo(200);
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private static JsonNode awsAccess(String cluster, String namespace, String app) throws Exception {
    String pod = podOf(cluster, namespace, app);
    return get("/api/clusters/" + cluster + "/pods/" + namespace + "/" + pod + "/aws-access");
  }

  private static String podOf(String cluster, String namespace, String app) throws Exception {
    JsonNode list = get("/api/clusters/" + cluster + "/resources/core/v1/pods?namespace=" + namespace
        + "&labelSelector=app.kubernetes.io%2Fname%3D" + app);
    List<String> names = new ArrayList<>();
    // The demo apiserver answers the server's Table request, as a real one does.
    assertThat(list.path("kind").asText()).isEqualTo("Table");
    list.get("rows").forEach(r -> names.add(r.at("/object/metadata/name").asText()));
    assertThat(names).as("pods of %s/%s in %s", namespace, app, cluster).isNotEmpty();
    return names.getFirst();
  }

  private static List<String> chips(JsonNode role) {
    return StreamSupport.stream(role.get("sensitive").spliterator(), false)
        .map(c -> c.get("action").asText() + " " + c.get("category").asText() + " " + c.get("scope").asText()).toList();
  }

  private static JsonNode get(String path) throws Exception {
    return DevSession.json(DevSession.get(URI.create(server.url().resolve(path).toString()), alice), 200);
  }
}
