package io.periscope.aws.eks;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.aws.eks.addons.AddonWrites;
import io.periscope.testkit.TestBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The add-ons page and writes on the wire, in tier mode: {@code sre} holds tier maintain, {@code devs} tier read. */
class EksAddonsWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/api/clusters/prod/eks";
  private EksWire wire;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    wire = new EksWire(Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "sre=maintain,devs=read"),
        b -> b.addonWatch(new AddonWrites.Watch(Duration.ofMillis(50), Duration.ofSeconds(20))));
    alice = wire.harness.browser();
    alice.login("alice", List.of("sre"));
  }

  @AfterEach
  void stop() {
    wire.close();
  }

  private void installedAddons() {
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")).withQueryParam("nextToken", absent()),
        "{\"addons\":[\"vpc-cni\"],\"nextToken\":\"eyJvZmZzZXQiOjF9\"}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons")).withQueryParam("nextToken", equalTo("eyJvZmZzZXQiOjF9")),
        "{\"addons\":[\"coredns\"],\"nextToken\":null}");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED);
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")), EksWire.COREDNS_ACTIVE);
    wire.addonVersions("vpc-cni", EksWire.VPC_CNI_VERSIONS);
    wire.addonVersions("coredns", EksWire.COREDNS_VERSIONS);
  }

  private List<AuditEvent> rows(Verb verb) {
    return wire.harness.audit.events().stream().filter(e -> e.verb() == verb).toList();
  }

  @Test
  void installedAddonsAcrossPagesWithHealthAndFreshnessForTheNextMinor() throws Exception {
    installedAddons();

    var r = alice.get(BASE + "/addons");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("kubernetesVersion").asText()).isEqualTo("1.31");
    assertThat(page.get("nextVersion").asText()).isEqualTo("1.32");
    assertThat(page.get("canWrite").asBoolean()).isTrue();
    assertThat(page.get("addons")).extracting(a -> a.get("name").asText()).containsExactly("vpc-cni", "coredns");
    JsonNode cni = page.get("addons").get(0);
    assertThat(cni.get("status").asText()).isEqualTo("DEGRADED");
    assertThat(cni.get("health").get(0).get("code").asText()).isEqualTo("InsufficientNumberOfReplicas");
    assertThat(cni.get("health").get(0).get("resourceIds").get(0).asText()).isEqualTo("kube-system/aws-node");
    assertThat(cni.get("configurationValues").asText()).isEqualTo("{\"env\":{\"WARM_IP_TARGET\":\"5\"}}");
    assertThat(cni.get("serviceAccountRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/prod-vpc-cni");
    JsonNode fresh = cni.get("freshness");
    assertThat(fresh.get("latestForCurrent").asText()).isEqualTo("v1.19.0-eksbuild.1");
    assertThat(fresh.get("defaultForCurrent").asText()).isEqualTo("v1.18.5-eksbuild.1");
    assertThat(fresh.get("behind").asInt()).isEqualTo(2);
    assertThat(fresh.get("compatibleWithNext").asBoolean()).isFalse();
    assertThat(fresh.get("blocksNextMinor").asBoolean()).isTrue();
    assertThat(fresh.get("minimumForNext").asText()).isEqualTo("v1.19.0-eksbuild.1");
    JsonNode dns = page.get("addons").get(1);
    assertThat(dns.get("freshness").get("blocksNextMinor").asBoolean()).isFalse();
    assertThat(dns.get("podIdentityAssociations").get(0).asText()).endsWith("a-0coredns00000000");
    assertThat(rows(Verb.AWS_EKS_READ)).singleElement().satisfies(row -> {
      assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(row.extra()).containsEntry("op", "list_addons");
      assertThat(row.actor().sub()).isEqualTo("alice");
    });
  }

  @Test
  void someoneWithNoTierOnTheClusterIsRefusedBeforeAnythingIsAskedOfAws() throws Exception {
    installedAddons();
    TestBrowser nobody = wire.harness.browser();
    nobody.login("mallory", List.of("marketing"));

    for (String path : List.of(BASE + "/addons", BASE + "/upgrade-readiness", BASE + "/addon-catalog",
        "/api/clusters/prod/aws/cluster-access", "/api/clusters/prod/aws/capabilities")) {
      var r = nobody.get(path);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(403);
      assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("no_identity");
    }
    assertThat(wire.aws.getAllServeEvents()).as("the server's AWS identity was not used for them").isEmpty();
    assertThat(alice.get(BASE + "/addons").statusCode()).as("a person with a tier still reads them").isEqualTo(200);
  }

  @Test
  void accessDeniedNamesTheActionTheServerRoleLacks() throws Exception {
    wire.error(get(urlPathEqualTo("/clusters/prod-eks/addons")), 403, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: eks:ListAddons");

    var r = alice.get(BASE + "/addons");

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("code").asText()).isEqualTo("aws_access_denied");
    assertThat(error.get("message").asText()).contains("eks:ListAddons");
    assertThat(rows(Verb.AWS_EKS_READ)).singleElement().extracting(AuditEvent::outcome).isEqualTo(Outcome.DENIED);
  }

  @Test
  void theCatalogIsFilteredByTypeAndPublisherForTheClusterVersion() throws Exception {
    wire.json(get(urlPathEqualTo("/addons/supported-versions")).withQueryParam("kubernetesVersion", equalTo("1.31")), EksWire.VPC_CNI_VERSIONS);

    var r = alice.get(BASE + "/addon-catalog?type=networking&publisher=eks");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode catalog = JSON.readTree(r.body());
    assertThat(catalog).singleElement().satisfies(a -> {
      assertThat(a.get("name").asText()).isEqualTo("vpc-cni");
      assertThat(a.get("type").asText()).isEqualTo("networking");
      assertThat(a.get("versions")).extracting(v -> v.get("version").asText())
          .containsExactly("v1.19.0-eksbuild.1", "v1.18.5-eksbuild.1", "v1.18.1-eksbuild.1");
    });
    wire.aws.verify(getRequestedFor(urlPathEqualTo("/addons/supported-versions")).withQueryParam("kubernetesVersion", equalTo("1.31"))
        .withQueryParam("types", equalTo("networking")).withQueryParam("publishers", equalTo("eks")));
    assertThat(alice.get(BASE + "/addon-catalog?type=net%20working").statusCode()).isEqualTo(400);
  }

  @Test
  void configurationValuesAreCheckedAgainstThePublishedSchema() throws Exception {
    wire.json(get(urlPathEqualTo("/addons/configuration-schemas")).withQueryParam("addonName", equalTo("vpc-cni")), EksWire.VPC_CNI_SCHEMA);
    wire.json(get(urlPathEqualTo("/addons/configuration-schemas")).withQueryParam("addonName", equalTo("coredns")), """
        {"addonName":"coredns","addonVersion":"v1.11.3-eksbuild.2","configurationSchema":"","podIdentityConfiguration":[]}""");

    JsonNode valid = validate("vpc-cni", "{\"env\":{\"WARM_IP_TARGET\":\"10\"}}");
    JsonNode yaml = validate("vpc-cni", "env:\n  ENABLE_PREFIX_DELEGATION: \"true\"\n");
    JsonNode invalid = validate("vpc-cni", "{\"env\":{\"WARM_IP_TARGET\":\"ten\"},\"replicaCount\":3}");
    JsonNode notAnObject = validate("vpc-cni", "[1, 2]");
    JsonNode noSchema = validate("coredns", "{\"replicaCount\":3}");

    assertThat(valid.get("valid").asBoolean()).isTrue();
    assertThat(yaml.get("valid").asBoolean()).isTrue();
    assertThat(invalid.get("valid").asBoolean()).isFalse();
    assertThat(invalid.get("errors").toString()).contains("WARM_IP_TARGET").contains("replicaCount");
    assertThat(notAnObject.get("valid").asBoolean()).isFalse();
    assertThat(noSchema.get("valid").asBoolean()).isFalse();
    assertThat(noSchema.get("schemaPresent").asBoolean()).isFalse();
    assertThat(noSchema.get("errors").get(0).asText()).contains("publishes no configuration schema");
  }

  private JsonNode validate(String addon, String values) throws Exception {
    String version = addon.equals("vpc-cni") ? "v1.19.0-eksbuild.1" : "v1.11.3-eksbuild.2";
    var r = alice.mutate("POST", BASE + "/addon-configuration/validate", JSON.writeValueAsString(Map.of("addonName", addon,
        "addonVersion", version, "configurationValues", values)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void updateStubs(String updateStatus, String errors) {
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED);
    wire.json(get(urlPathEqualTo("/addons/configuration-schemas")).withQueryParam("addonName", equalTo("vpc-cni")), EksWire.VPC_CNI_SCHEMA);
    wire.json(post(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni/update")), """
        {"update":{"id":"6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6","status":"InProgress","type":"AddonUpdate",
          "params":[{"type":"AddonVersion","value":"v1.19.0-eksbuild.1"},{"type":"ResolveConflicts","value":"OVERWRITE"}],
          "createdAt":1.7333184E9,"errors":[]}}""");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/updates/6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6")).withQueryParam("addonName", equalTo("vpc-cni")),
        """
        {"update":{"id":"6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6","status":"%s","type":"AddonUpdate",
          "params":[{"type":"AddonVersion","value":"v1.19.0-eksbuild.1"},{"type":"ResolveConflicts","value":"OVERWRITE"}],
          "createdAt":1.7333184E9,"errors":%s}}""".formatted(updateStatus, errors));
  }

  private static final String UPGRADE = """
      {"addonVersion":"v1.19.0-eksbuild.1","resolveConflicts":"OVERWRITE","configurationValues":"{\\"env\\":{\\"WARM_IP_TARGET\\":\\"8\\"}}"}""";

  @Test
  void aMaintainerUpgradesAndAnUpdateThatFailsIsRecordedWithItsErrors() throws Exception {
    updateStubs("Failed", """
        [{"errorCode":"ConfigurationConflict","errorMessage":"Conflicts found when trying to apply. Will not continue due to resolve conflicts mode.",
          "resourceIds":["aws-node"]}]""");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/updates")).withQueryParam("addonName", equalTo("vpc-cni")),
        "{\"updateIds\":[\"6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6\"],\"nextToken\":null}");

    var r = alice.mutate("POST", BASE + "/addons/vpc-cni/update", UPGRADE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode submitted = JSON.readTree(r.body());
    assertThat(submitted.get("updateId").asText()).isEqualTo("6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6");
    assertThat(submitted.get("fromVersion").asText()).isEqualTo("v1.18.1-eksbuild.1");
    var sent = wire.aws.findAll(postRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni/update")));
    assertThat(sent).singleElement().satisfies(req -> {
      JsonNode body = JSON.readTree(req.getBodyAsString());
      assertThat(body.get("addonVersion").asText()).isEqualTo("v1.19.0-eksbuild.1");
      assertThat(body.get("resolveConflicts").asText()).isEqualTo("OVERWRITE");
      assertThat(body.get("configurationValues").asText()).isEqualTo("{\"env\":{\"WARM_IP_TARGET\":\"8\"}}");
    });
    AuditEvent row = rows(Verb.ADDON_WRITE).getFirst();
    assertThat(row.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(row.actor().sub()).isEqualTo("alice");
    assertThat(row.target()).isEqualTo(new AuditEvent.Target("prod", "", "eks-addons", "vpc-cni"));
    assertThat(row.extra()).containsEntry("op", "update").containsEntry("phase", "submitted").containsEntry("from", "v1.18.1-eksbuild.1")
        .containsEntry("to", "v1.19.0-eksbuild.1").containsEntry("resolveConflicts", "OVERWRITE");
    await().atMost(Duration.ofSeconds(15)).until(() -> rows(Verb.ADDON_WRITE).size() == 2);
    AuditEvent completed = rows(Verb.ADDON_WRITE).get(1);
    assertThat(completed.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(completed.extra()).containsEntry("phase", "completed").containsEntry("state", "Failed").containsEntry("from", "v1.18.1-eksbuild.1");
    assertThat(completed.reason()).contains("ConfigurationConflict");

    JsonNode history = JSON.readTree(alice.get(BASE + "/addons/vpc-cni/updates").body());
    assertThat(history).singleElement().satisfies(u -> {
      assertThat(u.get("status").asText()).isEqualTo("Failed");
      assertThat(u.get("params").get("AddonVersion").asText()).isEqualTo("v1.19.0-eksbuild.1");
      assertThat(u.get("errors").get(0).get("code").asText()).isEqualTo("ConfigurationConflict");
    });
  }

  @Test
  void aSuccessfulUpdateIsRecordedAsCompleted() {
    updateStubs("Successful", "[]");

    assertThat(alice.mutate("POST", BASE + "/addons/vpc-cni/update", UPGRADE).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(15)).until(() -> rows(Verb.ADDON_WRITE).size() == 2);
    assertThat(rows(Verb.ADDON_WRITE).get(1).outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void aPersonBelowTheTierIsDeniedEveryWriteWithoutAnyAwsCall() {
    TestBrowser bob = wire.harness.browser();
    bob.login("bob", List.of("devs"));
    wire.aws.resetRequests();

    var update = bob.mutate("POST", BASE + "/addons/vpc-cni/update", UPGRADE);
    var install = bob.mutate("POST", BASE + "/addons", """
        {"addonName":"aws-ebs-csi-driver","addonVersion":"v1.37.0-eksbuild.1","resolveConflicts":"OVERWRITE"}""");
    var delete = bob.mutate("POST", BASE + "/addons/coredns/delete", "{\"preserve\":false}");

    for (var r : List.of(update, install, delete)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertThat(r.body()).contains("tier maintain").contains("your tier is read");
    }
    assertThat(wire.aws.getAllServeEvents()).as("no AWS call").isEmpty();
    assertThat(rows(Verb.ADDON_WRITE)).hasSize(3).allSatisfy(row -> {
      assertThat(row.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(row.actor().sub()).isEqualTo("bob");
    });
    assertThat(rows(Verb.ADDON_WRITE)).extracting(row -> row.extra().get("op") + " " + row.target().name())
        .containsExactly("update vpc-cni", "install aws-ebs-csi-driver", "delete coredns");
    assertThat(rows(Verb.ADDON_WRITE).getFirst().extra()).containsEntry("to", "v1.19.0-eksbuild.1");
  }

  @Test
  void aWriteTheServerRoleMayNotMakeNamesTheActionAndIsNotWatched() throws Exception {
    updateStubs("Successful", "[]");
    wire.error(post(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni/update")), 403, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/periscope-server/s is not authorized to perform: eks:UpdateAddon on resource:"
            + " arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks");

    var r = alice.mutate("POST", BASE + "/addons/vpc-cni/update", UPGRADE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("code").asText()).isEqualTo("aws_access_denied");
    assertThat(error.get("message").asText()).contains("not allowed eks:UpdateAddon");
    assertThat(error.get("requestId").asText()).isNotBlank();
    assertThat(rows(Verb.ADDON_WRITE)).singleElement().satisfies(row -> {
      assertThat(row.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(row.reason()).contains("eks:UpdateAddon");
      assertThat(row.extra()).containsEntry("phase", "submitted").containsEntry("from", "v1.18.1-eksbuild.1");
    });
    wire.aws.verify(0, getRequestedFor(urlPathEqualTo("/clusters/prod-eks/updates/6f1c9e2a-3b4d-4c5e-8f60-7182a3b4c5d6")));
  }

  @Test
  void anInstallThatEndsDegradedIsAFailureWithItsHealthIssues() {
    wire.json(post(urlPathEqualTo("/clusters/prod-eks/addons")), EksWire.VPC_CNI_DEGRADED.replace("\"DEGRADED\"", "\"CREATING\""));
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni")), EksWire.VPC_CNI_DEGRADED);

    var r = alice.mutate("POST", BASE + "/addons", """
        {"addonName":"vpc-cni","addonVersion":"v1.18.1-eksbuild.1","resolveConflicts":"NONE"}""");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(15)).until(() -> rows(Verb.ADDON_WRITE).size() == 2);
    AuditEvent completed = rows(Verb.ADDON_WRITE).get(1);
    assertThat(completed.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(completed.extra()).containsEntry("phase", "completed").containsEntry("state", "DEGRADED");
    assertThat(completed.reason()).startsWith("DEGRADED: InsufficientNumberOfReplicas");
  }

  @Test
  void theCatalogReadsEveryPageAndMergesAnAddonThatSpansTwo() throws Exception {
    String firstPage = """
        {"addons":[{"addonName":"vpc-cni","type":"networking","publisher":"eks","owner":"aws","addonVersions":[
          {"addonVersion":"v1.19.0-eksbuild.1","architecture":["amd64","arm64"],
           "compatibilities":[{"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":false}],
           "requiresConfiguration":false,"requiresIamPermissions":true}]}],"nextToken":"cGFnZS0y"}""";
    String secondPage = """
        {"addons":[{"addonName":"vpc-cni","type":"networking","publisher":"eks","owner":"aws","addonVersions":[
          {"addonVersion":"v1.18.1-eksbuild.1","architecture":["amd64","arm64"],
           "compatibilities":[{"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":false}],
           "requiresConfiguration":false,"requiresIamPermissions":true},
          {"addonVersion":"v1.18.5-eksbuild.1","architecture":["amd64","arm64"],
           "compatibilities":[{"clusterVersion":"1.31","platformVersions":["*"],"defaultVersion":true}],
           "requiresConfiguration":false,"requiresIamPermissions":true}]}],"nextToken":"cGFnZS0z"}""";
    String thirdPage = EksWire.COREDNS_VERSIONS;
    wire.json(get(urlPathEqualTo("/addons/supported-versions")).withQueryParam("nextToken", absent()), firstPage);
    wire.json(get(urlPathEqualTo("/addons/supported-versions")).withQueryParam("nextToken", equalTo("cGFnZS0y")), secondPage);
    wire.json(get(urlPathEqualTo("/addons/supported-versions")).withQueryParam("nextToken", equalTo("cGFnZS0z")), thirdPage);

    var r = alice.get(BASE + "/addon-catalog");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode catalog = JSON.readTree(r.body());
    assertThat(catalog).extracting(a -> a.get("name").asText()).containsExactly("vpc-cni", "coredns");
    assertThat(catalog.get(0).get("versions")).extracting(v -> v.get("version").asText())
        .containsExactly("v1.19.0-eksbuild.1", "v1.18.5-eksbuild.1", "v1.18.1-eksbuild.1");
    wire.aws.verify(3, getRequestedFor(urlPathEqualTo("/addons/supported-versions")).withQueryParam("kubernetesVersion", equalTo("1.31")));
  }

  @Test
  void configurationValuesThatFailTheSchemaAreRefusedBeforeSubmit() {
    updateStubs("Successful", "[]");

    var r = alice.mutate("POST", BASE + "/addons/vpc-cni/update", """
        {"addonVersion":"v1.19.0-eksbuild.1","resolveConflicts":"NONE","configurationValues":"{\\"env\\":{\\"WARM_IP_TARGET\\":\\"lots\\"}}"}""");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_addon_configuration").contains("WARM_IP_TARGET");
    wire.aws.verify(0, postRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni/update")));
    assertThat(rows(Verb.ADDON_WRITE)).as("refused input leaves no row").isEmpty();
  }

  @Test
  void resolveConflictsAndPreserveMustBeChosenExplicitly() {
    wire.aws.resetRequests();

    var noResolve = alice.mutate("POST", BASE + "/addons/vpc-cni/update", "{\"addonVersion\":\"v1.19.0-eksbuild.1\"}");
    var preserveOnInstall = alice.mutate("POST", BASE + "/addons",
        "{\"addonName\":\"aws-ebs-csi-driver\",\"addonVersion\":\"v1.37.0-eksbuild.1\",\"resolveConflicts\":\"PRESERVE\"}");
    var deleteWithoutChoice = alice.mutate("POST", BASE + "/addons/vpc-cni/delete", "{}");
    var bothRoles = alice.mutate("POST", BASE + "/addons/vpc-cni/update", """
        {"addonVersion":"v1.19.0-eksbuild.1","resolveConflicts":"NONE","serviceAccountRoleArn":"arn:aws:iam::123456789012:role/a",
         "podIdentityAssociations":[{"serviceAccount":"aws-node","roleArn":"arn:aws:iam::123456789012:role/b"}]}""");

    assertThat(noResolve.statusCode()).isEqualTo(400);
    assertThat(noResolve.body()).contains("resolveConflicts must be chosen explicitly");
    assertThat(preserveOnInstall.statusCode()).isEqualTo(400);
    assertThat(deleteWithoutChoice.statusCode()).isEqualTo(400);
    assertThat(deleteWithoutChoice.body()).contains("preserve is required");
    assertThat(bothRoles.statusCode()).isEqualTo(400);
    assertThat(wire.aws.getAllServeEvents()).isEmpty();
    assertThat(rows(Verb.ADDON_WRITE)).isEmpty();
  }

  @Test
  void thePreviewShowsWhatChangesAndWarnsAboutTheNextMinor() throws Exception {
    updateStubs("Successful", "[]");
    wire.addonVersions("vpc-cni", EksWire.VPC_CNI_VERSIONS);

    var r = alice.mutate("POST", BASE + "/addons/vpc-cni/preview", """
        {"op":"update","addonVersion":"v1.18.5-eksbuild.1","resolveConflicts":"PRESERVE","configurationValues":"env:\\n  WARM_IP_TARGET: \\"9\\"\\n"}""");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode preview = JSON.readTree(r.body());
    assertThat(preview.get("fromVersion").asText()).isEqualTo("v1.18.1-eksbuild.1");
    assertThat(preview.get("toVersion").asText()).isEqualTo("v1.18.5-eksbuild.1");
    assertThat(preview.get("changes")).extracting(c -> c.get("field").asText()).contains("addonVersion", "configurationValues");
    assertThat(preview.get("resolveConflictsMeaning").asText()).contains("kept");
    assertThat(preview.get("warnings").toString()).contains("not compatible with Kubernetes 1.32");
    assertThat(preview.get("configuration").get("valid").asBoolean()).isTrue();
    assertThat(preview.get("allowed").asBoolean()).isTrue();
    wire.aws.verify(0, postRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons/vpc-cni/update")));
  }

  @Test
  void anInstallWithAPodIdentityRoleIsFollowedUntilActive() throws Exception {
    wire.json(post(urlPathEqualTo("/clusters/prod-eks/addons")), """
        {"addon":{"addonName":"aws-ebs-csi-driver","clusterName":"prod-eks","status":"CREATING","addonVersion":"v1.37.0-eksbuild.1",
          "health":{"issues":[]},"addonArn":"arn:aws:eks:eu-west-1:123456789012:addon/prod-eks/aws-ebs-csi-driver/c4e9a3b2",
          "createdAt":1.7333184E9,"modifiedAt":1.7333184E9,"tags":{},"podIdentityAssociations":[]}}""");
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/aws-ebs-csi-driver")), """
        {"addon":{"addonName":"aws-ebs-csi-driver","clusterName":"prod-eks","status":"ACTIVE","addonVersion":"v1.37.0-eksbuild.1",
          "health":{"issues":[]},"addonArn":"arn:aws:eks:eu-west-1:123456789012:addon/prod-eks/aws-ebs-csi-driver/c4e9a3b2",
          "createdAt":1.7333184E9,"modifiedAt":1.7333185E9,"tags":{},
          "podIdentityAssociations":["arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-ebs0000000000000"]}}""");

    var r = alice.mutate("POST", BASE + "/addons", """
        {"addonName":"aws-ebs-csi-driver","addonVersion":"v1.37.0-eksbuild.1","resolveConflicts":"OVERWRITE",
         "podIdentityAssociations":[{"serviceAccount":"ebs-csi-controller-sa","roleArn":"arn:aws:iam::123456789012:role/prod-ebs-csi"}]}""");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("CREATING");
    JsonNode sent = JSON.readTree(wire.aws.findAll(postRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons"))).getFirst().getBodyAsString());
    assertThat(sent.get("addonName").asText()).isEqualTo("aws-ebs-csi-driver");
    assertThat(sent.get("podIdentityAssociations").get(0).get("roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/prod-ebs-csi");
    assertThat(sent.has("configurationValues")).isFalse();
    await().atMost(Duration.ofSeconds(15)).until(() -> rows(Verb.ADDON_WRITE).size() == 2);
    assertThat(rows(Verb.ADDON_WRITE).get(1).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(rows(Verb.ADDON_WRITE).get(1).extra()).containsEntry("state", "ACTIVE").containsEntry("op", "install");
  }

  @Test
  void aDeleteSendsTheChosenPreserveAndEndsWhenTheAddonIsGone() {
    wire.json(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")).inScenario("delete").whenScenarioStateIs(
        com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED), EksWire.COREDNS_ACTIVE);
    wire.json(delete(urlPathEqualTo("/clusters/prod-eks/addons/coredns")).inScenario("delete").willSetStateTo("deleted"),
        EksWire.COREDNS_ACTIVE.replace("\"ACTIVE\"", "\"DELETING\""));
    wire.error(get(urlPathEqualTo("/clusters/prod-eks/addons/coredns")).inScenario("delete").whenScenarioStateIs("deleted"), 404,
        "ResourceNotFoundException", "No addon: coredns found in cluster: prod-eks");

    var r = alice.mutate("POST", BASE + "/addons/coredns/delete", "{\"preserve\":true}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    wire.aws.verify(deleteRequestedFor(urlPathEqualTo("/clusters/prod-eks/addons/coredns")).withQueryParam("preserve", equalTo("true")));
    assertThat(rows(Verb.ADDON_WRITE).getFirst().extra()).containsEntry("op", "delete").containsEntry("preserve", true)
        .containsEntry("from", "v1.11.3-eksbuild.2");
    await().atMost(Duration.ofSeconds(15)).until(() -> rows(Verb.ADDON_WRITE).size() == 2);
    assertThat(rows(Verb.ADDON_WRITE).get(1).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(rows(Verb.ADDON_WRITE).get(1).extra()).containsEntry("state", "DELETED");
  }
}
