package io.periscope.charts;

import static io.periscope.charts.Charts.NAMESPACE;
import static io.periscope.charts.Charts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders deploy/helm/periscope and checks the objects it produces. */
class ServerChartTest {
  /** The storage key the chart's Secret gives the pod; these tests look at the config, not at Secrets. */
  private static final Map<String, String> STORAGE_KEY_ENV = Map.of("STORAGE_ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");


  private static final String FULLNAME = "ops-periscope";

  private static Rendered render(String... fixtures) {
    return Charts.render(Chart.SERVER, fixtures);
  }

  @Test
  void defaultsRenderAHardenedSingleReplicaServer() {
    Rendered r = render("defaults.yaml");

    assertThat(r.names("Deployment")).containsExactly(FULLNAME);
    assertThat(r.names("Service")).containsExactly(FULLNAME);
    assertThat(r.names("ServiceAccount")).containsExactly(FULLNAME);
    assertThat(r.names("ConfigMap")).containsExactly(FULLNAME);
    assertThat(r.names("PersistentVolumeClaim")).containsExactly(FULLNAME + "-data");
    assertThat(r.ofKind("Ingress")).isEmpty();
    assertThat(r.ofKind("NetworkPolicy")).isEmpty();
    // The chart holds no operator secret; the one Secret it makes is the storage key, random, made at install and kept.
    assertThat(r.names("Secret")).containsExactly("ops-periscope-storage-key");
    JsonNode key = r.one("Secret", "ops-periscope-storage-key");
    assertThat(key.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
    assertThat(java.util.Base64.getDecoder().decode(java.util.Base64.getDecoder().decode(key.at("/data/key").asText()))).hasSize(32);

    JsonNode spec = r.one("Deployment", FULLNAME).path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(1);
    assertThat(spec.path("strategy").path("type").asText()).isEqualTo("Recreate");
    JsonNode pod = spec.path("template").path("spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo(FULLNAME);
    // Service links would turn a Service named periscope-server into PERISCOPE_SERVER_PORT=tcp://…, read as server.port.
    assertThat(pod.path("enableServiceLinks").isBoolean() && !pod.path("enableServiceLinks").booleanValue())
        .as("enableServiceLinks: false").isTrue();
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

    JsonNode container = pod.path("containers").get(0);
    JsonNode sc = container.path("securityContext");
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(strings(sc.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(sc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    // /metrics needs no session: its own port, which neither the Service nor the ingress exposes.
    assertThat(container.path("ports").get(1).path("name").asText()).isEqualTo("metrics");
    assertThat(container.path("ports").get(1).path("containerPort").asInt()).isEqualTo(9090);
    // Heap sized from the container's memory limit, and idle heap handed back to the node (G1 also below 2 CPUs).
    JsonNode javaOptions = java.util.stream.StreamSupport.stream(container.path("env").spliterator(), false)
        .filter(e -> e.path("name").asText().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow();
    assertThat(javaOptions.path("value").asText()).contains("-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo("384Mi");
    assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");

    assertThat(mounts(container))
        .containsEntry("config", "/etc/periscope")
        .containsEntry("data", "/var/lib/periscope")
        .containsEntry("tmp", "/tmp");
    assertThat(volume(pod, "data").path("persistentVolumeClaim").path("claimName").asText())
        .isEqualTo(FULLNAME + "-data");
    assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();
    assertThat(volume(pod, "config").path("configMap").path("name").asText()).isEqualTo(FULLNAME);

    JsonNode svc = r.one("Service", FULLNAME).path("spec");
    assertThat(svc.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    assertThat(svc.path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
    assertThat(svc.path("ports")).hasSize(1);
  }

  @Test
  void configMapCarriesServerConfigAndClusterRegistry() throws Exception {
    Rendered r = render("production.yaml", "tier.yaml");
    JsonNode data = r.one("ConfigMap", FULLNAME).path("data");
    var yaml = new ObjectMapper(new YAMLFactory());

    JsonNode config = yaml.readTree(data.path("config.yaml").asText());
    assertThat(config.at("/auth/authorization/mode").asText()).isEqualTo("tier");
    assertThat(config.at("/auth/authorization/groupTiers/SRE-OnCall").asText()).isEqualTo("triage");
    assertThat(config.at("/auth/authorization/groupPrefix").asText()).isEqualTo("periscope:");
    assertThat(config.at("/auth/authorization/sharedGroup").asText()).isEqualTo("periscope-shared");
    assertThat(config.at("/auth/authorization/sharedIdentity").asText()).isEqualTo("server");
    assertThat(config.at("/auth/authorization/allowedGroups").isArray()).isTrue();
    assertThat(strings(config.at("/auth/authorization/auditAdminGroups"))).containsExactly("Security");
    assertThat(config.at("/auth/oidc/issuer").asText()).isEqualTo("https://example.okta.com/oauth2/default");
    assertThat(config.at("/auth/oidc").has("clientSecret")).as("secret stays out of the ConfigMap").isFalse();
    assertThat(config.at("/clusters/file").asText()).isEqualTo("/etc/periscope/clusters.yaml");
    assertThat(config.at("/server/metricsPort").asInt()).isEqualTo(9090);
    assertThat(config.at("/storage/sqlitePath").asText()).isEqualTo("/var/lib/periscope/audit/audit.db");
    assertThat(config.at("/storage/backend").asText()).isEqualTo("sqlite");

    assertThat(config.at("/audit/maxSizeMb").asInt()).isEqualTo(1024);
    assertThat(config.at("/storage").has("postgres")).isFalse();
    assertThat(ServerConfigWiringTest.serverConfig(r, STORAGE_KEY_ENV, Map.of()).authorization().mode())
        .as("the server's own loader reads it (it rejects unknown keys)").isEqualTo(io.periscope.authz.AuthorizationMode.TIER);

    JsonNode clusters = yaml.readTree(data.path("clusters.yaml").asText()).path("clusters");
    assertThat(clusters).hasSize(1);
    assertThat(clusters.get(0).path("name").asText()).isEqualTo("prod-eu-west-1");
    assertThat(clusters.get(0).path("backend").asText()).isEqualTo("eks");
    assertThat(clusters.get(0).path("arn").asText()).endsWith(":cluster/prod-eu-west-1");
  }

  @Test
  void postgresSettingsReachTheConfigButThePasswordDoesNot() throws Exception {
    JsonNode data = render("postgres-ha.yaml").one("ConfigMap", FULLNAME).path("data");
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(data.path("config.yaml").asText());
    assertThat(config.at("/storage/backend").asText()).isEqualTo("postgres");
    assertThat(config.at("/storage/postgres/url").asText()).startsWith("jdbc:postgresql://");
    assertThat(config.at("/storage/postgres").has("password")).isFalse();
    assertThat(ServerConfigWiringTest.serverConfig(render("postgres-ha.yaml"), STORAGE_KEY_ENV,
        Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope")).storage().postgresPassword())
        .as("the server's own loader reads it; the password comes only from the environment").isNull();
  }

  @Test
  void productionValuesWireIrsaOidcSecretAndIngress() {
    Rendered r = render("production.yaml");

    assertThat(r.one("ServiceAccount", FULLNAME).at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .isEqualTo("arn:aws:iam::111111111111:role/periscope-server");

    JsonNode env = r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0/env");
    JsonNode secret = envVar(env, "PERISCOPE_AUTH_OIDC_CLIENT_SECRET").path("valueFrom").path("secretKeyRef");
    assertThat(secret.path("name").asText()).isEqualTo("periscope-oidc");
    assertThat(secret.path("key").asText()).isEqualTo("client-secret");

    JsonNode ingress = r.one("Ingress", FULLNAME).path("spec");
    assertThat(ingress.path("ingressClassName").asText()).isEqualTo("nginx");
    assertThat(ingress.at("/rules/0/host").asText()).isEqualTo("periscope.example.com");
    assertThat(ingress.at("/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo(FULLNAME);
    assertThat(ingress.at("/tls/0/secretName").asText()).isEqualTo("periscope-tls");
  }

  @Test
  void kubeconfigBackendMountsAnExtraSecretVolume() {
    JsonNode pod = render("kubeconfig.yaml").one("Deployment", FULLNAME).at("/spec/template/spec");
    assertThat(mounts(pod.at("/containers/0"))).containsEntry("kubeconfig", "/etc/periscope-kubeconfig");
    assertThat(volume(pod, "kubeconfig").at("/secret/secretName").asText()).isEqualTo("periscope-kubeconfig");
  }

  @Test
  void clusterRegistryChangesDoNotRestartThePodButSettingChangesDo() {
    String base = checksum(render("defaults.yaml"));
    assertThat(checksum(render("kubeconfig.yaml"))).as("clusters.yaml is re-read live").isEqualTo(base);
    assertThat(checksum(render("tier.yaml"))).isNotEqualTo(base);
    assertThat(checksum(Charts.render(Chart.SERVER, Map.of("listCache.enabled", true), "defaults.yaml")))
        .as("every setting in config.yaml, the list cache's too").isNotEqualTo(base);
    assertThat(checksum(Charts.render(Chart.SERVER, Map.of("listCache.idleTimeout", "7m"), "defaults.yaml"))).isNotEqualTo(base);
  }

  private static String checksum(Rendered r) {
    return r.one("Deployment", FULLNAME).at("/spec/template/metadata/annotations/checksum~1config").asText();
  }

  /** The FAQ's entry has no backend (an arn implies eks, as the server reads it); an entry with neither is refused at render. */
  @Test
  void aClusterEntryNeedsABackendOrAnEksArn() {
    Rendered faq = Charts.render(Chart.SERVER, java.util.Map.of("clusters[0].name", "prod-eu-west-1",
        "clusters[0].arn", "arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu-west-1"));
    assertThat(io.periscope.clusters.ClustersFile.parse(faq.one("ConfigMap", FULLNAME).at("/data/clusters.yaml").asText()))
        .singleElement().extracting(io.periscope.clusters.ClusterSpec::backend).isEqualTo(io.periscope.clusters.Backend.EKS);

    assertThatThrownBy(() -> Charts.render(Chart.SERVER, java.util.Map.of("clusters[0].name", "prod-eu-west-1")))
        .hasMessageContaining("/clusters/0");
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, java.util.Map.of("clusters[0].name", "x", "clusters[0].arn", "arn:aws:iam::1:role/x")))
        .hasMessageContaining("/clusters/0/arn");
  }

  @Test
  void sqliteWithSeveralReplicasFailsWithAClearMessage() {
    assertThatThrownBy(() -> render("sqlite-replicas.yaml"))
        .hasMessageContaining("replicaCount is 3 but storage.backend is sqlite")
        .hasMessageContaining("storage.backend=postgres");
  }

  @Test
  void severalReplicasGetAHeadlessTunnelServiceResolvingToEveryServerPod() {
    var sets = java.util.Map.<String, Object>of("agentTunnel.enabled", "true", "agentTunnel.caKey.existingSecret", "periscope-agent-ca-key",
        "agentTunnel.hostnames[0]", "periscope-tunnel.internal.example.com", "agentTunnel.headlessService.enabled", "true",
        "agentTunnel.headlessService.annotations.external-dns\\.alpha\\.kubernetes\\.io/hostname", "periscope-tunnel.internal.example.com");
    Rendered r = Charts.render(Chart.SERVER, sets, "postgres-ha.yaml");

    assertThat(r.names("Service")).containsExactly(FULLNAME, FULLNAME + "-tunnel", FULLNAME + "-tunnel-headless");
    JsonNode headless = r.one("Service", FULLNAME + "-tunnel-headless");
    JsonNode spec = headless.path("spec");
    assertThat(spec.path("clusterIP").asText()).isEqualTo("None");
    assertThat(spec.path("selector")).as("every server pod, as the Deployment selects them")
        .isEqualTo(r.one("Deployment", FULLNAME).at("/spec/selector/matchLabels"));
    assertThat(spec.at("/ports/0/port").asInt()).isEqualTo(8443);
    assertThat(spec.at("/ports/0/targetPort").asText()).isEqualTo("tunnel");
    assertThat(r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0/ports").findValuesAsText("name")).contains("tunnel");
    assertThat(headless.at("/metadata/annotations").path("external-dns.alpha.kubernetes.io/hostname").asText())
        .isEqualTo("periscope-tunnel.internal.example.com");
    assertThat(Charts.notes(Chart.SERVER, sets, "postgres-ha.yaml"))
        .contains("Headless Service " + FULLNAME + "-tunnel-headless resolves to every server pod").doesNotContain("WARNING: 3 replicas");
    JsonNode config = configYaml(r);
    assertThat(config.at("/agent/tunnel/hostnames")).as("the certificate names the headless Service as well as the given name")
        .extracting(JsonNode::asText).containsExactly("periscope-tunnel.internal.example.com",
            FULLNAME + "-tunnel-headless." + NAMESPACE + ".svc", FULLNAME + "-tunnel-headless." + NAMESPACE + ".svc.cluster.local");
  }

  @Test
  void theHeadlessTunnelServiceKeepsTheHostOfThePublicUrlInTheCertificate() {
    var sets = java.util.Map.<String, Object>of("agentTunnel.enabled", "true", "agentTunnel.caKey.existingSecret", "periscope-agent-ca-key",
        "agentTunnel.headlessService.enabled", "true", "server.publicUrl", "https://periscope.example.com");
    assertThat(configYaml(Charts.render(Chart.SERVER, sets, "postgres-ha.yaml")).at("/agent/tunnel/hostnames"))
        .extracting(JsonNode::asText).containsExactly("periscope.example.com",
            FULLNAME + "-tunnel-headless." + NAMESPACE + ".svc", FULLNAME + "-tunnel-headless." + NAMESPACE + ".svc.cluster.local");
    var without = java.util.Map.<String, Object>of("agentTunnel.enabled", "true", "agentTunnel.caKey.existingSecret", "periscope-agent-ca-key",
        "server.publicUrl", "https://periscope.example.com");
    assertThat(configYaml(Charts.render(Chart.SERVER, without, "postgres-ha.yaml")).at("/agent/tunnel").has("hostnames"))
        .as("without it the server takes publicUrl's host itself").isFalse();
  }

  private static JsonNode configYaml(Rendered r) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(r.one("ConfigMap", FULLNAME).at("/data/config.yaml").asText());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void severalReplicasWithoutTheHeadlessTunnelServiceAreWarnedThatAgentsReachOne() {
    var sets = java.util.Map.<String, Object>of("agentTunnel.enabled", "true", "agentTunnel.caKey.existingSecret", "periscope-agent-ca-key");
    Rendered r = Charts.render(Chart.SERVER, sets, "postgres-ha.yaml");

    assertThat(r.names("Service")).containsExactly(FULLNAME, FULLNAME + "-tunnel");
    assertThat(Charts.notes(Chart.SERVER, sets, "postgres-ha.yaml"))
        .contains("WARNING: 3 replicas, but an agent reaches one replica through the tunnel Service")
        .contains("agentTunnel.headlessService.enabled");
    assertThat(Charts.notes(Chart.SERVER, sets, "wiring-sqlite-tunnel.yaml")).as("one replica reaches every agent")
        .doesNotContain("WARNING: 1 replicas");
  }

  @Test
  void postgresAllowsSeveralReplicasAndTakesThePasswordFromASecret() {
    Rendered r = render("postgres-ha.yaml");

    JsonNode spec = r.one("Deployment", FULLNAME).path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(3);
    assertThat(spec.has("strategy")).as("rolling update once nothing is pinned to one volume").isFalse();
    assertThat(r.ofKind("PersistentVolumeClaim")).isEmpty();
    JsonNode pod = spec.path("template").path("spec");
    assertThat(volume(pod, "data").has("emptyDir")).isTrue();
    JsonNode password =
        envVar(pod.at("/containers/0/env"), "PERISCOPE_STORAGE_POSTGRES_PASSWORD").at("/valueFrom/secretKeyRef");
    assertThat(password.path("name").asText()).isEqualTo("periscope-db");
    assertThat(password.path("key").asText()).isEqualTo("password");
  }

  @Test
  void postgresWithoutUrlFails() {
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, java.util.Map.of("storage.backend", "postgres")))
        .hasMessageContaining("storage.postgres.url is empty");
  }

  @Test
  void networkPolicyIsOffByDefaultAndRestrictsBothDirectionsWhenOn() {
    Rendered r = render("networkpolicy.yaml");

    JsonNode spec = r.one("NetworkPolicy", FULLNAME).path("spec");
    assertThat(strings(spec.path("policyTypes"))).containsExactly("Ingress", "Egress");
    assertThat(spec.at("/podSelector/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo("ops");

    JsonNode ingress = spec.path("ingress");
    assertThat(ingress).hasSize(3);
    assertThat(ingress.at("/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
        .isEqualTo("ingress-nginx");
    assertThat(ingress.at("/0/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(ingress.at("/1/from/0/ipBlock/cidr").asText()).isEqualTo("10.20.0.0/16");
    assertThat(ingress.at("/1/ports/0/port").asInt()).isEqualTo(8443);
    assertThat(ingress.at("/2/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("monitoring");
    assertThat(ingress.at("/2/ports/0/port").asInt()).isEqualTo(9090);

    JsonNode egress = spec.path("egress");
    assertThat(egress).hasSize(5);
    assertThat(egress.at("/0/to/0/podSelector/matchLabels/k8s-app").asText()).isEqualTo("kube-dns");
    assertThat(egress.at("/0/ports").findValuesAsText("protocol")).containsExactly("UDP", "TCP");
    assertThat(egress.at("/1/to/0/ipBlock/cidr").asText()).isEqualTo("10.0.0.10/32");
    assertThat(egress.at("/1/ports").findValuesAsText("port")).containsExactly("443", "6443");
    assertThat(egress.at("/2/to/0/ipBlock/cidr").asText()).isEqualTo("203.0.113.0/24");
    assertThat(egress.at("/3/to/0/ipBlock/cidr").asText()).isEqualTo("10.0.128.0/20");
    assertThat(strings(egress.at("/4/to/0/ipBlock/except"))).contains("10.0.0.0/8");

    assertThat(r.names("Service")).containsExactly(FULLNAME, FULLNAME + "-tunnel");
  }

  @Test
  void networkPolicyWithOnlyDefaultsAllowsJustDns() {
    Rendered r = Charts.render(Chart.SERVER, java.util.Map.of("networkPolicy.enabled", "true"));
    JsonNode spec = r.one("NetworkPolicy", FULLNAME).path("spec");
    assertThat(spec.path("ingress").isNull() || spec.path("ingress").isEmpty()).isTrue();
    assertThat(spec.path("egress")).hasSize(1);
    assertThat(spec.at("/egress/0/ports/0/port").asInt()).isEqualTo(53);
  }

  // ---------------------------------------------------------------- cluster RBAC per mode

  static Stream<Arguments> rbacByMode() {
    return Stream.of(
        Arguments.of(
            "shared-impersonate.yaml",
            List.of("periscope-cluster-reader", "periscope-impersonator", "periscope-serviceaccount-reader"),
            List.of("periscope-cluster-reader", "periscope-impersonator", "periscope-serviceaccount-reader", "periscope-shared"),
            List.of("periscope-shared")),
        Arguments.of(
            "tier.yaml",
            List.of("periscope-cluster-reader", "periscope-impersonator", "periscope-maintain", "periscope-serviceaccount-reader",
                "periscope-triage"),
            List.of(
                "periscope-cluster-reader",
                "periscope-impersonator",
                "periscope-serviceaccount-reader",
                "periscope-tier-maintain",
                "periscope-tier-read",
                "periscope-tier-triage",
                "periscope-tier-write"),
            List.of("periscope-tier:read", "periscope-tier:triage", "periscope-tier:write", "periscope-tier:maintain")),
        Arguments.of(
            "tier-admin.yaml",
            List.of("periscope-cluster-reader", "periscope-impersonator", "periscope-maintain", "periscope-serviceaccount-reader",
                "periscope-triage"),
            List.of(
                "periscope-cluster-reader",
                "periscope-impersonator",
                "periscope-serviceaccount-reader",
                "periscope-tier-admin",
                "periscope-tier-maintain",
                "periscope-tier-read",
                "periscope-tier-triage",
                "periscope-tier-write"),
            List.of(
                "periscope-tier:read",
                "periscope-tier:triage",
                "periscope-tier:write",
                "periscope-tier:maintain",
                "periscope-tier:admin")),
        Arguments.of(
            "raw.yaml",
            List.of("periscope-impersonator", "periscope-serviceaccount-reader"),
            List.of("periscope-impersonator", "periscope-serviceaccount-reader"),
            List.of("periscope:SRE-Platform", "periscope:Backend-Devs")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rbacByMode")
  void clusterRbacMatchesTheMode(
      String fixture, List<String> roles, List<String> bindings, List<String> impersonatedGroups) {
    Rendered r = render(fixture);

    assertThat(r.names("ClusterRole")).containsExactlyElementsOf(roles);
    assertThat(r.names("ClusterRoleBinding")).containsExactlyElementsOf(bindings);

    JsonNode impersonator = r.one("ClusterRole", "periscope-impersonator");
    for (JsonNode rule : impersonator.path("rules")) {
      assertThat(strings(rule.path("verbs"))).containsExactly("impersonate");
    }
    JsonNode groupsRule = ruleFor(impersonator, "groups");
    assertThat(strings(groupsRule.path("resourceNames"))).containsExactlyElementsOf(impersonatedGroups);
    assertThat(ruleFor(impersonator, "users").has("resourceNames")).isFalse();

    JsonNode binding = r.one("ClusterRoleBinding", "periscope-impersonator");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("periscope-impersonator");
    assertThat(subjects(binding)).containsExactly("Group:periscope-bridge");
  }

  @ParameterizedTest(name = "periscope-tier-{0} -> {1}")
  @CsvSource({"read, view", "triage, periscope-triage", "write, edit", "maintain, periscope-maintain", "admin, cluster-admin"})
  void tierBindingsPointTheTierGroupAtItsRole(String tier, String role) {
    JsonNode binding = render("tier-admin.yaml").one("ClusterRoleBinding", "periscope-tier-" + tier);
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role);
    assertThat(subjects(binding)).containsExactly("Group:periscope-tier:" + tier);
  }

  @Test
  void debugContainersAreGrantedToTheTriageAndMaintainTiersOnlyWhenEnabled() {
    Rendered off = render("tier-admin.yaml");
    for (JsonNode role : off.ofKind("ClusterRole")) {
      for (JsonNode rule : role.path("rules")) {
        assertThat(strings(rule.path("resources"))).as(role.at("/metadata/name").asText()).doesNotContain("pods/ephemeralcontainers");
      }
    }

    Rendered on = Charts.render(Chart.SERVER, Map.of("clusterRBAC.debugContainers", true), "tier-admin.yaml");

    for (String tier : List.of("periscope-triage", "periscope-maintain")) {
      assertThat(strings(ruleFor(on.one("ClusterRole", tier), "pods/ephemeralcontainers").path("verbs"))).as(tier).containsExactly("patch");
    }
  }

  @Test
  void adminTierCanPointAtATighterRole() {
    JsonNode binding = render("tier-admin-custom-role.yaml").one("ClusterRoleBinding", "periscope-tier-admin");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("platform-admin");
  }

  @Test
  void adminMappedWithoutAdminTierFailsWithTheMigrationRecipe() {
    assertThatThrownBy(() -> render("tier-admin-without-admintier.yaml"))
        .hasMessageContaining("auth.authorization.groupTiers maps SRE-Platform to the admin tier")
        .hasMessageContaining("clusterRBAC.adminTier.enabled is false")
        .hasMessageContaining("set clusterRBAC.adminTier.enabled=true")
        .hasMessageContaining("clusterRBAC.adminTier.clusterRoleName")
        .hasMessageContaining("map those groups to maintain");
  }

  @Test
  void rawModeWithoutListedGroupsRendersUnrestrictedGroupImpersonationAndWarns() {
    Rendered r = render("raw-without-groups.yaml");

    assertThat(r.names("ClusterRole")).containsExactly("periscope-impersonator", "periscope-serviceaccount-reader");
    assertThat(r.names("ClusterRoleBinding")).containsExactly("periscope-impersonator", "periscope-serviceaccount-reader");
    JsonNode impersonator = r.one("ClusterRole", "periscope-impersonator");
    JsonNode groups = ruleFor(impersonator, "groups");
    assertThat(groups.has("resourceNames")).as("RBAC cannot match the periscope: prefix").isFalse();
    for (JsonNode rule : impersonator.path("rules")) {
      assertThat(strings(rule.path("verbs"))).containsExactly("impersonate");
      assertThat(strings(rule.path("resources"))).doesNotContain("serviceaccounts", "*");
    }

    assertThat(Charts.notes(Chart.SERVER, Map.of(), "raw-without-groups.yaml"))
        .contains("WARNING: auth.authorization.mode is raw and clusterRBAC.rawGroups is empty")
        .contains("may impersonate any group, system:masters")
        .contains("Periscope itself sends only periscope:<IdP group> and never a system:* group");
  }

  @Test
  void notesListTheImpersonatedGroupsAndPointAgentClustersAtTheAgentChart() {
    assertThat(Charts.notes(Chart.SERVER, Map.of(), "raw.yaml"))
        .contains("Groups that may be impersonated (raw mode):\n  - periscope:SRE-Platform\n  - periscope:Backend-Devs")
        .contains("the periscope-agent chart renders the same per-user RBAC")
        .doesNotContain("WARNING: auth.authorization.mode is raw");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "auth.authorization.mode, everyone, 'at ''/auth/authorization/mode'': value must be one of ''shared'', ''tier'', ''raw'''",
    "auth.authorization.groupPrefix, 'system:', 'auth.authorization.groupPrefix must be non-empty and must not start with system:'",
    "auth.authorization.sharedGroup, 'system:masters', 'auth.authorization.sharedGroup must be non-empty and must not start with system:'",
    "auth.authorization.sharedIdentity, person, 'at ''/auth/authorization/sharedIdentity'': value must be one of ''server'', ''impersonate'''",
    "storage.backend, mysql, 'at ''/storage/backend'': value must be one of ''sqlite'', ''postgres'''",
    "auth.authorization.defaultTier, root, 'at ''/auth/authorization/defaultTier'': value must be one of'"
  })
  void invalidValuesFailNamingTheKey(String key, String value, String message) {
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, java.util.Map.of(key, value))).hasMessageContaining(message);
  }

  @Test
  void theServerMayWatchServiceAccountsForTheRoleIndexAndNothingElse() {
    Rendered r = render("tier.yaml", "in-cluster-inspector.yaml");
    JsonNode reader = r.one("ClusterRole", "periscope-serviceaccount-reader");
    assertThat(reader.path("rules")).hasSize(1);
    JsonNode rule = ruleFor(reader, "serviceaccounts");
    assertThat(strings(rule.path("apiGroups"))).containsExactly("");
    assertThat(strings(rule.path("resources"))).containsExactly("serviceaccounts");
    assertThat(strings(rule.path("verbs"))).containsExactly("get", "list", "watch");
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-serviceaccount-reader")))
        .containsExactly("Group:periscope-bridge", "ServiceAccount:" + NAMESPACE + "/" + FULLNAME);

    Rendered off = Charts.render(Chart.SERVER, java.util.Map.of("clusterRBAC.serviceAccountReader", "false"), "tier.yaml");
    assertThat(off.has("ClusterRole", "periscope-serviceaccount-reader")).isFalse();
    assertThat(off.has("ClusterRoleBinding", "periscope-serviceaccount-reader")).isFalse();
    assertThat(render("in-cluster-inspector.yaml").has("ClusterRole", "periscope-serviceaccount-reader"))
        .as("shared mode on the server's identity: that identity holds the shared role").isFalse();
  }

  @Test
  void clusterRbacCanBeDisabled() {
    Rendered r = Charts.render(Chart.SERVER, java.util.Map.of("clusterRBAC.enabled", "false"), "tier-admin.yaml");
    assertThat(r.ofKind("ClusterRole")).isEmpty();
    assertThat(r.ofKind("ClusterRoleBinding")).isEmpty();
  }

  // ---------------------------------------------------------------- in-cluster + inspector

  @Test
  void sharedModeByDefaultImpersonatesNobodyAndBindsTheServersOwnIdentity() {
    Rendered r = render("defaults.yaml");

    assertThat(r.names("ClusterRole")).as("no impersonator: nobody is impersonated").containsExactly("periscope-cluster-reader");
    assertThat(r.names("ClusterRoleBinding")).containsExactly("periscope-cluster-reader", "periscope-shared");
    JsonNode shared = r.one("ClusterRoleBinding", "periscope-shared");
    assertThat(shared.at("/roleRef/name").asText()).isEqualTo("view");
    assertThat(subjects(shared)).as("the EKS Access Entry's group: the server's IAM role").containsExactly("Group:periscope-bridge");
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-cluster-reader"))).as("the same identity reads the nodes view leaves out")
        .containsExactly("Group:periscope-bridge");
    assertThat(Charts.notes(Chart.SERVER, Map.of(), "defaults.yaml"))
        .contains("No impersonation (shared mode, sharedIdentity server)")
        .contains("Periscope's own audit log names the person");
  }

  @Test
  void twoInClusterEntriesBindTheServiceAccountAsOneDoes() {
    // The check once concatenated "true" per entry ("truetrue") and so bound nothing for two.
    JsonNode shared = render("two-in-cluster.yaml").one("ClusterRoleBinding", "periscope-shared");

    assertThat(subjects(shared)).contains("ServiceAccount:" + NAMESPACE + "/" + FULLNAME);
  }

  @Test
  void inClusterBackendBindsTheServiceAccountAndRendersInspectorRbac() {
    Rendered r = render("in-cluster-inspector.yaml");
    String sa = "ServiceAccount:" + NAMESPACE + "/" + FULLNAME;

    assertThat(r.has("ClusterRoleBinding", "periscope-impersonator")).as("shared mode impersonates nobody").isFalse();
    JsonNode shared = r.one("ClusterRoleBinding", "periscope-shared");
    assertThat(shared.at("/roleRef/name").asText()).isEqualTo("view");
    assertThat(subjects(shared)).containsExactly("Group:periscope-bridge", sa);

    Rendered impersonating = render("in-cluster-shared-impersonate.yaml");
    assertThat(subjects(impersonating.one("ClusterRoleBinding", "periscope-impersonator")))
        .containsExactly("Group:periscope-bridge", sa);
    assertThat(subjects(impersonating.one("ClusterRoleBinding", "periscope-shared"))).containsExactly("Group:periscope-shared", sa);
    assertThat(subjects(impersonating.one("ClusterRoleBinding", "periscope-cluster-reader"))).containsExactly("Group:periscope-shared", sa);

    JsonNode inspector = r.one("ClusterRole", "periscope-inspector");
    assertThat(inspector.path("rules")).hasSize(3);
    assertThat(strings(ruleFor(inspector, "nodes").path("resources"))).containsExactly("nodes", "nodes/status");
    assertThat(strings(ruleFor(inspector, "pods").path("verbs"))).containsExactly("get", "list", "watch");
    JsonNode crds = ruleFor(inspector, "customresourcedefinitions");
    assertThat(strings(crds.path("apiGroups"))).containsExactly("apiextensions.k8s.io");
    for (JsonNode rule : inspector.path("rules")) {
      assertThat(strings(rule.path("verbs"))).containsExactly("get", "list", "watch");
    }
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-inspector"))).containsExactly(sa);
  }

  @Test
  void inspectorRbacNeedsAnInClusterBackend() {
    Rendered r = render("inspector-eks-only.yaml");
    assertThat(r.has("ClusterRole", "periscope-inspector")).isFalse();
    assertThat(r.has("ClusterRoleBinding", "periscope-inspector")).isFalse();
  }

  @Test
  void inspectorRbacFollowsTheInClusterEntrysOwnInspectorSetting() {
    Rendered on = render("in-cluster-inspector-per-cluster.yaml");
    assertThat(on.has("ClusterRole", "periscope-inspector")).as("on for the in-cluster entry, off by the chart's default").isTrue();
    assertThat(on.has("ClusterRoleBinding", "periscope-inspector")).isTrue();
    Rendered off = render("in-cluster-inspector-off-there.yaml");
    assertThat(off.has("ClusterRole", "periscope-inspector")).as("on by default, off for the in-cluster entry").isFalse();
    assertThat(off.has("ClusterRoleBinding", "periscope-inspector")).isFalse();
  }

  @Test
  void inspectorEnabledReachesTheServer() throws Exception {
    var on = ServerConfigWiringTest.serverConfig(render("inspector-eks-only.yaml"), STORAGE_KEY_ENV,
        Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope"));
    assertThat(on.inspector().enabled()).as("the server's own loader reads the chart's inspector.enabled").isTrue();
    assertThat(on.inspector().refreshInterval()).isEqualTo(java.time.Duration.ofHours(6));
    var off = ServerConfigWiringTest.serverConfig(render("production.yaml"), STORAGE_KEY_ENV, Map.of());
    assertThat(off.inspector().enabled()).isFalse();

    // a cluster's own inspector.enabled in the chart's clusters[] reaches the server's clusters.yaml loader
    var clusters = io.periscope.clusters.ClustersFile.parse(render("inspector-eks-only.yaml").one("ConfigMap", FULLNAME)
        .at("/data/clusters.yaml").asText());
    assertThat(clusters).extracting(io.periscope.clusters.ClusterSpec::name, io.periscope.clusters.ClusterSpec::inspector)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod-eu-west-1", java.util.Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("sandbox-eu-west-1", java.util.Optional.of(false)));
  }

  @Test
  void theListCacheGetsListAndWatchOnExactlyItsResourcesAndReachesTheServer() throws Exception {
    Rendered r = render("list-cache.yaml");
    JsonNode role = r.one("ClusterRole", "periscope-list-cache");
    assertThat(role.path("rules")).hasSize(2);
    assertThat(strings(ruleFor(role, "pods").path("apiGroups"))).containsExactly("");
    assertThat(strings(ruleFor(role, "replicasets").path("apiGroups"))).containsExactly("apps");
    for (JsonNode rule : role.path("rules")) {
      assertThat(strings(rule.path("verbs"))).containsExactly("list", "watch");
    }
    assertThat(subjects(r.one("ClusterRoleBinding", "periscope-list-cache")))
        .containsExactly("Group:periscope-bridge", "ServiceAccount:" + NAMESPACE + "/" + FULLNAME);

    var config = ServerConfigWiringTest.serverConfig(r, STORAGE_KEY_ENV,
        Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope"));
    assertThat(config.listCache()).isEqualTo(new io.periscope.config.PeriscopeConfig.ListCache(true,
        java.util.Set.of("pods", "replicasets.apps"), java.time.Duration.ofMinutes(30)));

    Rendered off = render("production.yaml");
    assertThat(off.has("ClusterRole", "periscope-list-cache")).as("off by default").isFalse();
    assertThat(ServerConfigWiringTest.serverConfig(off, STORAGE_KEY_ENV, Map.of()).listCache().enabled()).isFalse();
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, Map.of("listCache.resources[0]", "secrets"), "list-cache.yaml"))
        .as("the schema refuses Secrets").hasMessageContaining("/listCache/resources/0");
  }

  @Test
  void emptySharedRoleNameSuppressesTheSharedBinding() {
    Rendered r = render("in-cluster-no-shared-role.yaml");
    assertThat(r.has("ClusterRoleBinding", "periscope-shared")).isFalse();
    assertThat(r.ofKind("ClusterRoleBinding")).as("shared mode without a role: no cluster RBAC at all").isEmpty();
    Rendered impersonating = Charts.render(Chart.SERVER, Map.of("auth.authorization.sharedIdentity", "impersonate"),
        "in-cluster-no-shared-role.yaml");
    assertThat(impersonating.has("ClusterRoleBinding", "periscope-shared")).isFalse();
    assertThat(impersonating.has("ClusterRoleBinding", "periscope-impersonator")).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  static JsonNode ruleFor(JsonNode role, String resource) {
    for (JsonNode rule : role.path("rules")) {
      if (strings(rule.path("resources")).contains(resource)) {
        return rule;
      }
    }
    throw new AssertionError("no rule for " + resource + " in " + role);
  }

  static List<String> subjects(JsonNode binding) {
    var out = new java.util.ArrayList<String>();
    for (JsonNode s : binding.path("subjects")) {
      String ns = s.has("namespace") ? s.path("namespace").asText() + "/" : "";
      out.add(s.path("kind").asText() + ":" + ns + s.path("name").asText());
    }
    return out;
  }

  private static java.util.Map<String, String> mounts(JsonNode container) {
    var out = new java.util.LinkedHashMap<String, String>();
    container.path("volumeMounts").forEach(m -> out.put(m.path("name").asText(), m.path("mountPath").asText()));
    return out;
  }

  private static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  static JsonNode envVar(JsonNode env, String name) {
    for (JsonNode e : env) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    throw new AssertionError("no env " + name + " in " + env);
  }
}
