package io.periscope.aws.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.periscope.testkit.AwsWorkloads.pod;
import static io.periscope.testkit.AwsWorkloads.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Cluster Access page end to end: access entries from EKS (REST-JSON shapes of the EKS API
 * reference on WireMock, paged, one call refused), aws-auth and ServiceAccounts from the mock
 * apiserver read as the person, the ServiceAccount → role index and IRSA roles (IAM shapes on
 * {@link IamStub}) shared with AWS Access.
 */
class ClusterAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAGE = "/api/clusters/prod/aws/cluster-access";
  private static final String ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7A3B9C0F4E2D8A6B1C3E5F7A9B0D";
  private final MockApiServer apiserver = new MockApiServer();
  private final IamStub iam = new IamStub();
  private final List<String> awsAuthReaders = new CopyOnWriteArrayList<>();
  private WireMockServer eks;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    eks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    eks.start();
    describeCluster("API_AND_CONFIG_MAP");
    accessEntries();
    podIdentity();
    iam.role("web", Map.of(), List.of()).trust("web", trust("\"StringEquals\":{\"" + ISSUER + ":sub\":\"system:serviceaccount:shop:web\"}"))
        .role("cart", Map.of(), List.of()).trust("cart", trust("\"StringEquals\":{\"" + ISSUER + ":aud\":\"sts.amazonaws.com\"}"))
        .role("cart-pi", Map.of(), List.of())
        .role("platform", Map.of(), List.of());
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(eks.baseUrl()), "iam", iam.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    apiserver.answer("GET", "/api/v1/namespaces/kube-system/configmaps/aws-auth", req -> {
      awsAuthReaders.add(String.valueOf(req.getHeader("Impersonate-User")));
      return null; // answered by the CRUD apiserver
    });
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
    var k = apiserver.client();
    k.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("aws-auth").withNamespace("kube-system")
        .endMetadata().withData(Map.of("mapRoles", """
            - rolearn: arn:aws:iam::123456789012:role/nodes
              username: system:node:{{EC2PrivateDNSName}}
              groups:
                - system:bootstrappers
                - system:nodes
            - rolearn: arn:aws:iam::123456789012:role/admins
              username: admin:{{SessionName}}
              groups:
                - system:masters
            - rolearn: arn:aws:iam::123456789012:role/devs
              username: dev
              groups: [devs]
            """, "mapUsers", """
            - userarn: arn:aws:iam::123456789012:user/alice
              username: alice
              groups: [devs
            """)).build()).create();
    serviceAccount(k, "shop", "default", null);
    serviceAccount(k, "shop", "web", "web");
    serviceAccount(k, "shop", "cart", "cart");
    serviceAccount(k, "shop", "legacy", "deleted-role");
    serviceAccount(k, "platform", "default", "platform");
    pod(k, "shop", "web-0", "web");
    pod(k, "shop", "cart-0", "cart");
    pod(k, "platform", "nightly-0", null);
  }

  @AfterEach
  void stop() {
    harness.close();
    apiserver.close();
    eks.stop();
    iam.close();
  }

  private static String trust(String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::123456789012:oidc-provider/"
        + ISSUER + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{" + condition + "}}]}";
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The path segment the SDK sends for a principal ARN (a URI label: ':' and '/' percent-encoded). */
  private static String label(String arn) {
    return URLEncoder.encode(arn, StandardCharsets.UTF_8);
  }

  private void describeCluster(String mode) {
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks")).willReturn(json("""
        {"cluster":{"name":"prod-eks","arn":"arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks","createdAt":1.71E9,"version":"1.31",
          "status":"ACTIVE","identity":{"oidc":{"issuer":"https://%s"}},
          "accessConfig":{"bootstrapClusterCreatorAdminPermissions":true,"authenticationMode":"%s"}}}""".formatted(ISSUER, mode))));
  }

  /**
   * Four principals over two pages: nodes (EC2_LINUX, also in aws-auth), devs (also in aws-auth,
   * with other groups), ci (entry only, namespace-scoped policy over two pages), break-glass (its
   * DescribeAccessEntry is refused).
   */
  private void accessEntries() {
    String role = "arn:aws:iam::123456789012:role/";
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries")).willReturn(json("""
        {"accessEntries":["%snodes","%sdevs"],"nextToken":"page-2"}""".formatted(role, role))));
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries?nextToken=page-2")).willReturn(json("""
        {"accessEntries":["%sci","%sbreak-glass"],"nextToken":null}""".formatted(role, role))));
    entry("nodes", "EC2_LINUX", "system:node:{{EC2PrivateDNSName}}", "[]");
    entry("devs", "STANDARD", "dev", "[\"devs\",\"deployers\"]");
    entry("ci", "STANDARD", "arn:aws:sts::123456789012:assumed-role/ci/{{SessionName}}", "[]");
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries/" + label(role + "break-glass"))).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "AccessDeniedException")
        .withBody("{\"message\":\"User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: "
            + "eks:DescribeAccessEntry on resource: arn:aws:eks:eu-west-1:123456789012:access-entry/prod-eks/role/123456789012/break-glass/x\"}")));
    policies("nodes", "[]", null);
    policies("devs", "[]", null);
    policies("break-glass", """
        [{"policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy","accessScope":{"type":"cluster","namespaces":[]},
          "associatedAt":1.72E9,"modifiedAt":1.72E9}]""", null);
    policies("ci", """
        [{"policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy","accessScope":{"type":"namespace","namespaces":["shop","jobs"]},
          "associatedAt":1.72E9,"modifiedAt":1.72E9}]""", "p2");
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries/" + label(role + "ci") + "/access-policies?nextToken=p2")).willReturn(json("""
        {"clusterName":"prod-eks","principalArn":"%sci","nextToken":null,"associatedAccessPolicies":[
          {"policyArn":"arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy","accessScope":{"type":"cluster","namespaces":[]},
           "associatedAt":1.72E9,"modifiedAt":1.72E9}]}""".formatted(role))));
  }

  private void entry(String name, String type, String username, String groups) {
    String arn = "arn:aws:iam::123456789012:role/" + name;
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries/" + label(arn))).willReturn(json("""
        {"accessEntry":{"clusterName":"prod-eks","principalArn":"%s","kubernetesGroups":%s,
          "accessEntryArn":"arn:aws:eks:eu-west-1:123456789012:access-entry/prod-eks/role/123456789012/%s/a2c5d1e8-0000-4000-8000-000000000000",
          "createdAt":1.72E9,"modifiedAt":1.72E9,"tags":{},"username":"%s","type":"%s"}}""".formatted(arn, groups, name, username, type))));
  }

  private void policies(String name, String items, String nextToken) {
    String arn = "arn:aws:iam::123456789012:role/" + name;
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries/" + label(arn) + "/access-policies")).willReturn(json("""
        {"clusterName":"prod-eks","principalArn":"%s","nextToken":%s,"associatedAccessPolicies":%s}""".formatted(arn,
        nextToken == null ? "null" : "\"" + nextToken + "\"", items))));
  }

  /** shop/cart also has a Pod Identity association (to another role); payments/ghost's ServiceAccount is missing. */
  private void podIdentity() {
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations")).willReturn(json("""
        {"associations":[
          {"clusterName":"prod-eks","namespace":"shop","serviceAccount":"cart","associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-0cart000000000001","associationId":"a-0cart000000000001"},
          {"clusterName":"prod-eks","namespace":"payments","serviceAccount":"ghost","associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-0ghost00000000001","associationId":"a-0ghost00000000001"}],
         "nextToken":null}""")));
    for (String[] a : new String[][] {{"a-0cart000000000001", "shop", "cart", "cart-pi"}, {"a-0ghost00000000001", "payments", "ghost", "ghost"}}) {
      eks.stubFor(get(urlEqualTo("/clusters/prod-eks/pod-identity-associations/" + a[0])).willReturn(json("""
          {"association":{"clusterName":"prod-eks","namespace":"%s","serviceAccount":"%s","roleArn":"arn:aws:iam::123456789012:role/%s",
            "associationId":"%s","associationArn":"arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/%s",
            "tags":{},"createdAt":1.764E9,"modifiedAt":1.764E9}}""".formatted(a[1], a[2], a[3], a[0], a[0]))));
    }
  }

  private JsonNode page() throws Exception {
    var r = alice.get(PAGE);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Map<String, String> principals(JsonNode page) {
    Map<String, String> out = new TreeMap<>();
    page.get("principals").forEach(p -> out.put(p.get("principalArn").asText().replace("arn:aws:iam::123456789012:", ""),
        p.get("mapped").asText() + (p.get("agree").isNull() ? "" : p.get("agree").asBoolean() ? " agree" : " differ")));
    return out;
  }

  private static List<String> findings(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("findings").forEach(f -> out.add(f.get("type").asText() + " " + f.get("namespace").asText() + "/" + f.get("serviceAccount").asText()
        + " " + f.get("arn").asText().replace("arn:aws:iam::123456789012:", "")));
    return out;
  }

  @Test
  void entriesAndAwsAuthReconciledPerPrincipalWithTheMigrationChipAndPolicies() throws Exception {
    JsonNode page = page();

    assertThat(page.get("authenticationMode").asText()).isEqualTo("API_AND_CONFIG_MAP");
    assertThat(principals(page)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "role/nodes", "BOTH agree",
        "role/devs", "BOTH differ",
        "role/admins", "AWS_AUTH_ONLY",
        "role/ci", "ENTRY_ONLY",
        "role/break-glass", "ENTRY_ONLY"));
    assertThat(page.get("migration").toString()).isEqualTo("{\"awsAuthOnly\":1,\"dual\":2,\"entriesOnly\":2}");
    JsonNode ci = null;
    JsonNode breakGlass = null;
    JsonNode devs = null;
    for (JsonNode p : page.get("principals")) {
      String arn = p.get("principalArn").asText();
      ci = arn.endsWith("/ci") ? p : ci;
      breakGlass = arn.endsWith("/break-glass") ? p : breakGlass;
      devs = arn.endsWith("/devs") ? p : devs;
    }
    assertThat(ci.get("policies").toString()).as("both pages of ListAssociatedAccessPolicies")
        .contains("{\"policyArn\":\"arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy\",\"scope\":\"namespace\",\"namespaces\":[\"shop\",\"jobs\"]}")
        .contains("AmazonEKSViewPolicy");
    assertThat(ci.at("/entry/username").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ci/{{SessionName}}");
    assertThat(devs.get("differences").toString()).contains("groups: entry [devs, deployers], aws-auth [devs]");
    assertThat(breakGlass.get("problems").toString()).contains("not allowed eks:DescribeAccessEntry");
    assertThat(breakGlass.get("policies").toString()).as("the other call for that principal still answered").contains("AmazonEKSClusterAdminPolicy");
    assertThat(page.at("/awsAuth/read").asText()).isEqualTo("READ");
    assertThat(page.at("/awsAuth/warnings").toString()).contains("mapUsers line 4: not valid YAML (while parsing a flow sequence started on line 3: expected ',' or ']'");
    assertThat(awsAuthReaders).as("aws-auth is read as the person").containsOnly("alice");
  }

  @Test
  void theServiceAccountIndexPodIdentityByRoleAndEveryServiceAccountFinding() throws Exception {
    JsonNode page = page();

    Map<String, String> rows = new TreeMap<>();
    page.at("/serviceAccounts/rows").forEach(r -> rows.put(r.get("namespace").asText() + "/" + r.get("name").asText(),
        r.get("source").asText() + " " + r.get("pods")));
    assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of(
        "shop/web", "IRSA [\"web-0\"]",
        "shop/cart", "BOTH [\"cart-0\"]",
        "shop/legacy", "IRSA []",
        "platform/default", "IRSA [\"nightly-0\"]"));
    assertThat(page.get("podIdentityByRole").toString())
        .contains("{\"roleArn\":\"arn:aws:iam::123456789012:role/cart-pi\",\"associations\":[{\"namespace\":\"shop\",\"serviceAccount\":\"cart\",\"serviceAccountExists\":true}]}")
        .contains("{\"namespace\":\"payments\",\"serviceAccount\":\"ghost\",\"serviceAccountExists\":false}");
    assertThat(findings(page)).containsExactlyInAnyOrder(
        "DUAL_SOURCE_CONFLICT shop/cart role/cart",
        "BROAD_OIDC_TRUST shop/cart role/cart",
        "STALE_IRSA shop/legacy role/deleted-role",
        "DEFAULT_SA_WITH_ROLE platform/default role/platform",
        "ORPHAN_POD_IDENTITY payments/ghost role/ghost",
        "SYSTEM_MASTERS / role/admins");
    assertThat(page.get("problems")).isEmpty();
  }

  @Test
  void auditedWithTheSeedsOpsPerCallForThePerson() throws Exception {
    page();

    List<AuditEvent> rows = harness.audit.events().stream().filter(e -> e.verb() == Verb.AWS_IDENTITY_READ).toList();
    assertThat(rows).allMatch(e -> e.actor().sub().equals("alice"));
    assertThat(rows).extracting(e -> String.valueOf(e.extra().get("op"))).contains("read_aws_auth", "describe_cluster", "list_access_entries",
        "ensure_sa_roles", "list_pod_identity");
    assertThat(rows).filteredOn(e -> "describe_access_entry".equals(e.extra().get("op"))).hasSize(4)
        .filteredOn(e -> e.outcome() == Outcome.DENIED).singleElement()
        .satisfies(e -> assertThat(e.extra()).containsEntry("principal", "arn:aws:iam::123456789012:role/break-glass"));
    // Each per-principal row names its principal, so the audit table tells them apart.
    assertThat(rows).filteredOn(e -> e.extra().containsKey("principal"))
        .allSatisfy(e -> assertThat(e.target().name()).isEqualTo(e.extra().get("principal")).startsWith("arn:aws:iam::"));
    assertThat(rows).filteredOn(e -> "list_associated_policies".equals(e.extra().get("op"))).hasSize(4);
    assertThat(rows).filteredOn(e -> "read_aws_auth".equals(e.extra().get("op"))).singleElement()
        .satisfies(e -> assertThat(e.target().name()).isEqualTo("aws-auth"));
  }

  @Test
  void aPersonWhoMayNotReadAwsAuthGetsANoteAndTheRestOfThePage() throws Exception {
    apiserver.answer("GET", "/api/v1/namespaces/kube-system/configmaps/aws-auth", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("configmaps \"aws-auth\" is forbidden: User \"alice\" cannot get resource \"configmaps\" in the namespace \"kube-system\"")
        : null);
    apiserver.answer("GET", "/api/v1/serviceaccounts", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("serviceaccounts is forbidden: User \"alice\" cannot list resource \"serviceaccounts\" at the cluster scope") : null);

    JsonNode page = page();
    assertThat(page.at("/awsAuth/read").asText()).isEqualTo("FORBIDDEN");
    assertThat(page.at("/awsAuth/note").asText()).contains("you may not read kube-system/aws-auth").contains("cannot get resource");
    assertThat(principals(page)).containsOnlyKeys("role/nodes", "role/devs", "role/ci", "role/break-glass").containsValue("ENTRY_ONLY");
    assertThat(page.at("/serviceAccounts/listed").asBoolean()).isFalse();
    assertThat(page.at("/serviceAccounts/rows")).isEmpty();
    assertThat(page.get("podIdentityByRole")).isEmpty();
    assertThat(findings(page)).as("nothing about ServiceAccounts the person may not list").isEmpty();
    assertThat(harness.audit.events()).filteredOn(e -> "read_aws_auth".equals(e.extra().get("op"))).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
  }

  @Test
  void anApiserverFailureListingPodsCostsThePodsNotThePage() throws Exception {
    // API priority and fairness turning the person's pod list away: the rest of the page still answers.
    apiserver.answer("GET", "/api/v1/pods", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.status(429, "TooManyRequests", "too many requests, please try again later") : null);

    JsonNode page = page();
    assertThat(page.at("/serviceAccounts/listed").asBoolean()).isTrue();
    assertThat(page.at("/serviceAccounts/podsListed").asBoolean()).isFalse();
    assertThat(page.at("/serviceAccounts/note").asText()).contains("pods could not be listed").contains("HTTP 429")
        .contains("too many requests").contains("try again");
    assertThat(page.at("/serviceAccounts/rows")).isNotEmpty();
    assertThat(principals(page)).isNotEmpty();
  }

  @Test
  void anApiserverFailureOnAwsAuthCostsItsColumnNotThePage() throws Exception {
    apiserver.answer("GET", "/api/v1/namespaces/kube-system/configmaps/aws-auth",
        req -> MockApiServer.status(500, "InternalError", "etcdserver: request timed out"));

    JsonNode page = page();
    assertThat(page.at("/awsAuth/read").asText()).isEqualTo("UNREADABLE");
    assertThat(page.at("/awsAuth/note").asText()).contains("kube-system/aws-auth could not be read").contains("etcdserver: request timed out");
    assertThat(principals(page)).containsOnlyKeys("role/nodes", "role/devs", "role/ci", "role/break-glass").containsValue("ENTRY_ONLY");
  }

  @Test
  void listAccessEntriesRefusedLeavesAwsAuthAndAProblem() throws Exception {
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "AccessDeniedException")
        .withBody("{\"message\":\"User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: eks:ListAccessEntries\"}")));
    describeCluster("CONFIG_MAP");

    JsonNode page = page();
    assertThat(page.get("authenticationMode").asText()).isEqualTo("CONFIG_MAP");
    assertThat(principals(page)).containsOnlyKeys("role/nodes", "role/admins", "role/devs").allSatisfy((k, v) -> assertThat(v).isEqualTo("AWS_AUTH_ONLY"));
    assertThat(page.get("problems").toString()).contains("access entries unknown").contains("not allowed eks:ListAccessEntries");
  }

  @Test
  void refreshRebuildsTheIndexAndReadsTheIrsaRolesAgain() throws Exception {
    page();
    int cold = iam.calls("iam:GetRole");
    assertThat(cold).isEqualTo(4);
    page();
    assertThat(iam.calls("iam:GetRole")).as("warm: from the policy cache").isEqualTo(cold);

    var r = alice.mutate("POST", PAGE + "/refresh", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("findings")).hasSize(6);
    assertThat(iam.calls("iam:GetRole")).as("every IRSA role read again").isEqualTo(2 * cold);
    assertThat(harness.audit.events()).filteredOn(e -> "refresh".equals(e.extra().get("op"))).singleElement()
        .satisfies(e -> assertThat(e.extra()).containsEntry("roles", 4));
    assertThat(harness.audit.events()).filteredOn(e -> "ensure_sa_roles".equals(e.extra().get("op"))).hasSize(2);
  }

  @Test
  void aRefreshByWhoMayNotListServiceAccountsIs403AndRebuildsNothing() throws Exception {
    apiserver.answer("GET", "/api/v1/serviceaccounts", req -> req.getHeader("Impersonate-User") != null
        ? MockApiServer.forbidden("serviceaccounts is forbidden: User \"alice\" cannot list resource \"serviceaccounts\" at the cluster scope") : null);

    var r = alice.mutate("POST", PAGE + "/refresh", "");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("cannot list resource");
    assertThat(iam.calls()).isZero();
    assertThat(eks.getAllServeEvents()).isEmpty();
    assertThat(harness.audit.events()).filteredOn(e -> "refresh".equals(e.extra().get("op"))).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENIED));
  }

  @Test
  void whenTheServerMayNotReadARoleThePageSaysSoInsteadOfGuessing() throws Exception {
    iam.deny("iam:GetRole");

    JsonNode page = page();
    assertThat(findings(page)).as("IAM's NoSuchEntity on the role's policy lists still tells a deleted role")
        .contains("STALE_IRSA shop/legacy role/deleted-role").doesNotContain("BROAD_OIDC_TRUST shop/cart role/cart");
    assertThat(page.get("problems").toString()).contains("IAM role arn:aws:iam::123456789012:role/cart could not be checked")
        .contains("verification denied").contains("iam:GetRole");
  }

  @Test
  void aClusterThatIsNotOnEksIs404() {
    var r = alice.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/aws/cluster-access");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("names no EKS cluster and region");
  }
}
