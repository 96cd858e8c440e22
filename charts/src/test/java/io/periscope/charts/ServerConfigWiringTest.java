package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Tier;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClustersFile;
import io.periscope.config.ConfigLoader;
import io.periscope.config.PeriscopeConfig;
import io.periscope.storage.EncryptionKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server chart as the pod sees it: the rendered ConfigMap's config.yaml is read by the server's
 * own {@link ConfigLoader}, with the container's environment (values from the rendered or given
 * Secrets), so a chart value that does not reach its server key — like {@code agentTunnel.enabled}
 * once rendered a Service while the server answered 503 {@code agent_tunnel_disabled} — fails here.
 */
class ServerConfigWiringTest {
  private static final String FULLNAME = "ops-periscope";
  private static final String CA_KEY = Base64.getEncoder().encodeToString(filled(7));
  private static final String PREVIOUS_CA_KEY = Base64.getEncoder().encodeToString(filled(9));
  private static final String STORAGE_KEY = Base64.getEncoder().encodeToString(filled(3));
  private static final String PREVIOUS_STORAGE_KEY = Base64.getEncoder().encodeToString(filled(5));
  /** The Secrets the wiring fixture names (existingSecret values), as the operator created them. */
  private static final Map<String, String> OPERATOR_SECRETS = Map.of(
      "periscope-oidc/secret", "oidc-client-secret",
      "periscope-db/pg-password", "pg-password-value",
      "periscope-agent-ca/current", CA_KEY,
      "periscope-agent-ca/previous", PREVIOUS_CA_KEY,
      "periscope-storage/current", STORAGE_KEY,
      "periscope-storage/previous", PREVIOUS_STORAGE_KEY);

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  @Test
  void everyChartValueThatMapsToAServerKeyArrives() throws Exception {
    Rendered r = Charts.render(Chart.SERVER, "wiring-postgres.yaml");

    PeriscopeConfig c = load(r, OPERATOR_SECRETS);

    assertThat(c.server().publicUrl()).isEqualTo(URI.create("https://periscope.example.com"));
    assertThat(c.server().port()).isEqualTo(containerPort(r, "http"));
    assertThat(c.oidc().issuer()).isEqualTo(URI.create("https://login.example.com/realms/main"));
    assertThat(c.oidc().clientId()).isEqualTo("periscope-console");
    assertThat(c.oidc().clientSecret()).isEqualTo("oidc-client-secret");
    assertThat(c.oidc().scopes()).containsExactly("openid", "email", "groups");
    assertThat(c.oidc().groupsClaim()).isEqualTo("https://example.com/groups");
    assertThat(c.oidc().emailClaim()).isEqualTo("upn");
    assertThat(c.sessions().cookieName()).isEqualTo("ps_sid");
    assertThat(c.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.sessions().absoluteTimeout()).isEqualTo(Duration.ofHours(10));
    assertThat(c.sessions().loginStartsPerMinute()).isEqualTo(240);
    assertThat(c.authorization().mode()).isEqualTo(AuthorizationMode.TIER);
    assertThat(c.authorization().groupTiers()).containsExactlyInAnyOrderEntriesOf(
        Map.of("SRE-OnCall", Tier.TRIAGE, "Backend-TeamLeads", Tier.MAINTAIN));
    assertThat(c.authorization().defaultTier()).contains(Tier.READ);
    assertThat(c.authorization().groupPrefix()).isEqualTo("corp:");
    assertThat(c.authorization().sharedGroup()).isEqualTo("everyone-shared");
    assertThat(c.authorization().auditAdminGroups()).containsExactlyInAnyOrder("Security", "SRE-Leads");
    assertThat(c.authorization().sharedIdentity()).isEqualTo(io.periscope.authz.SharedIdentity.IMPERSONATE);
    assertThat(c.authorization().allowedGroups()).containsExactlyInAnyOrder("Engineering", "Security");
    assertThat(c.clusters().file()).isEqualTo(Path.of("/etc/periscope/clusters.yaml"));
    assertThat(mountPath(r, "config")).isEqualTo("/etc/periscope");
    assertThat(c.audit().retentionDays()).isEqualTo(90);
    assertThat(c.audit().maxSizeMb()).isEqualTo(2048);
    assertThat(c.audit().vacuumInterval()).isEqualTo(Duration.ofHours(12));
    assertThat(c.audit().stdout()).isFalse();
    assertThat(c.storage().backend()).isEqualTo(PeriscopeConfig.Storage.Backend.POSTGRES);
    assertThat(c.storage().postgresUrl()).isEqualTo("jdbc:postgresql://periscope-db.example.internal:5432/periscope?sslmode=verify-full");
    assertThat(c.storage().postgresUser()).isEqualTo("periscope_app");
    assertThat(c.storage().postgresPassword()).isEqualTo("pg-password-value");
    assertThat(c.storage().key()).get().extracting(EncryptionKey::id).isEqualTo(EncryptionKey.parse(STORAGE_KEY, "x").id());
    assertThat(c.storage().previousKeys()).extracting(EncryptionKey::id).containsExactly(EncryptionKey.parse(PREVIOUS_STORAGE_KEY, "x").id());
    assertThat(c.inspector().enabled()).isTrue();

    assertThat(c.agent().tunnelEnabled()).isTrue();
    assertThat(c.agent().port()).isEqualTo(9443).isEqualTo(containerPort(r, "tunnel"));
    assertThat(r.one("Service", FULLNAME + "-tunnel").at("/spec/ports/0/port").asInt()).isEqualTo(9443);
    assertThat(c.agent().hostnames()).containsExactly("tunnel.periscope.example.com", "203.0.113.7");
    assertThat(c.agent().ca().store()).isEqualTo(PeriscopeConfig.Ca.Store.DATABASE);
    assertThat(c.agent().ca().key()).get().extracting(EncryptionKey::id).isEqualTo(EncryptionKey.parse(CA_KEY, "x").id());
    assertThat(c.agent().ca().previousKeys()).extracting(EncryptionKey::id).containsExactly(EncryptionKey.parse(PREVIOUS_CA_KEY, "x").id());
    assertThat(r.names("Secret")).as("the operator's Secrets are referenced, none is rendered").isEmpty();

    List<ClusterSpec> clusters = ClustersFile.parse(r.one("ConfigMap", FULLNAME).at("/data/clusters.yaml").asText());
    assertThat(clusters).extracting(ClusterSpec::name).containsExactly("prod-eu-west-1", "local");
    assertThat(clusters.getFirst().backend()).as("the FAQ's entry: an arn implies eks").isEqualTo(Backend.EKS);
    assertThat(clusters.getFirst().region()).contains("eu-west-1");
    assertThat(clusters.getFirst().environment()).isEqualTo("prod");
    assertThat(clusters.getFirst().tags()).containsExactlyEntriesOf(Map.of("team", "payments"));
    assertThat(clusters.get(1).backend()).isEqualTo(Backend.IN_CLUSTER);
  }

  @Test
  void aTunnelOnTheDefaultSqliteInstallReadsTheCaKeyFromTheOperatorsSecretAndNeedsNoAccessToSecrets() throws Exception {
    Rendered r = Charts.render(Chart.SERVER, "wiring-sqlite-tunnel.yaml");

    PeriscopeConfig c = load(r, Map.of("periscope-agent-ca-key/key", CA_KEY));

    assertThat(c.storage().backend()).isEqualTo(PeriscopeConfig.Storage.Backend.SQLITE);
    assertThat(c.authorization().sharedIdentity()).as("the chart's default").isEqualTo(io.periscope.authz.SharedIdentity.SERVER);
    assertThat(c.authorization().impersonates()).isFalse();
    assertThat(c.authorization().allowedGroups()).isEmpty();
    assertThat(c.storage().sqlitePath()).startsWithRaw(Path.of(mountPath(r, "data")));
    assertThat(c.agent().tunnelEnabled()).isTrue();
    assertThat(c.agent().port()).isEqualTo(8443).isEqualTo(containerPort(r, "tunnel"));
    assertThat(c.agent().hostnames()).as("the public URL's host by default").containsExactly("periscope.example.com");
    assertThat(c.agent().ca().store()).isEqualTo(PeriscopeConfig.Ca.Store.DATABASE);
    assertThat(c.agent().ca().key()).get().extracting(EncryptionKey::id).isEqualTo(EncryptionKey.parse(CA_KEY, "x").id());
    assertThat(c.agent().ca().previousKeys()).isEmpty();
    assertThat(r.names("Secret")).as("the chart never holds the CA key").containsExactly("ops-periscope-storage-key");
    String generated = r.one("Secret", "ops-periscope-storage-key").at("/data/key").asText();
    assertThat(c.storage().key()).as("the storage key the chart generated").get().extracting(EncryptionKey::id)
        .isEqualTo(EncryptionKey.parse(new String(Base64.getDecoder().decode(generated), java.nio.charset.StandardCharsets.UTF_8), "x").id());
    assertThat(c.storage().previousKeys()).isEmpty();
    assertThat(c.inspector().enabled()).as("the chart's default").isFalse();
    assertThat(r.ofKind("Role")).isEmpty();
    assertThat(r.ofKind("RoleBinding")).isEmpty();
    assertThat(r.rules()).as("the server's ServiceAccount is never granted Secrets: the kubelet hands the key over")
        .noneSatisfy(rule -> assertThat(Charts.strings(rule.path("resources"))).contains("secrets"));
  }

  /**
   * auth.session and audit are copied into config.yaml as written, so a misspelt key or a value that
   * is no duration used to render and crash-loop the pod; audit.maxSizeMb (the server's spelling,
   * where the chart says maxSizeMB) was dropped without a word. The schema refuses them at install.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "auth.session.idleTimout | 30m | /auth/session",
      "auth.session.idleTimeout | half an hour | /auth/session/idleTimeout",
      "auth.session.cookieName | periscope session | /auth/session/cookieName",
      "audit.maxSizeMb | 2048 | /audit",
      "audit.vacuumInterval | daily | /audit/vacuumInterval",
      "listCache.idleTimeout | 15 minutes | /listCache/idleTimeout",
  })
  void theSchemaRefusesSessionAndAuditValuesTheServerWouldNotStartWith(String key, String value, String where) {
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, Map.of(key, value), "production.yaml"))
        .hasMessageContaining(where);
  }

  @Test
  void theSchemaTakesTheDurationsTheServerReads() throws Exception {
    Rendered r = Charts.render(Chart.SERVER, Map.of("auth.session.idleTimeout", "PT45M", "auth.session.absoluteTimeout", "1d",
        "audit.vacuumInterval", "500ms"), "production.yaml");
    PeriscopeConfig c = load(r, Map.of("periscope-oidc/client-secret", "s"));
    assertThat(c.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(c.sessions().absoluteTimeout()).isEqualTo(Duration.ofDays(1));
    assertThat(c.audit().vacuumInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aTunnelWithoutACaKeySecretFailsTheRenderWithTheCommandThatMakesOne() {
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, Map.of("agentTunnel.enabled", "true")))
        .hasMessageContaining("agentTunnel.enabled needs agentTunnel.caKey.existingSecret")
        .hasMessageContaining("kubectl -n " + Charts.NAMESPACE + " create secret generic periscope-agent-ca-key")
        .hasMessageContaining("openssl rand -base64 32");
  }

  @Test
  void theTunnelIsOffInTheServerWhenItIsOffInTheChart() throws Exception {
    Rendered r = Charts.render(Chart.SERVER, "production.yaml");

    PeriscopeConfig c = load(r, Map.of("periscope-oidc/client-secret", "s"));

    assertThat(c.agent().tunnelEnabled()).isFalse();
    assertThat(r.has("Service", FULLNAME + "-tunnel")).isFalse();
    assertThat(r.names("Secret")).containsExactly("ops-periscope-storage-key");
    assertThat(c.agent().ca().key()).isEmpty();
  }

  @Test
  void thePreviousKeyMustBeAnotherKeyOfTheSecret() {
    assertThatThrownBy(() -> Charts.render(Chart.SERVER, Map.of("agentTunnel.caKey.previousKey", "key"), "wiring-sqlite-tunnel.yaml"))
        .hasMessageContaining("agentTunnel.caKey.previousKey names the same Secret key as agentTunnel.caKey.key");
  }

  private PeriscopeConfig load(Rendered r, Map<String, String> secrets) throws Exception {
    return serverConfig(r, Charts.podEnvironment(r, container(r), secrets), Map.of());
  }

  /**
   * The rendered config.yaml read by the server's loader, which rejects any key it does not know;
   * {@code overrides} stand in for what a fixture leaves to the operator (e.g. the OIDC issuer).
   */
  static PeriscopeConfig serverConfig(Rendered r, Map<String, String> env, Map<String, String> overrides) throws Exception {
    Path config = Files.createTempFile("periscope-config", ".yaml");
    try {
      Files.writeString(config, r.one("ConfigMap", FULLNAME).at("/data/config.yaml").asText());
      return ConfigLoader.load(Optional.of(config), env, overrides);
    } finally {
      Files.delete(config);
    }
  }

  private static JsonNode container(Rendered r) {
    return r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0");
  }

  private static int containerPort(Rendered r, String name) {
    return Charts.containerPort(container(r), name);
  }

  private static String mountPath(Rendered r, String volume) {
    return Charts.mountPath(container(r), volume);
  }
}
