package io.periscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final Map<String, String> MINIMAL = Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope");

  @TempDir
  Path dir;

  @Test
  void yamlFileWithDefaults() throws Exception {
    Path file = write("""
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
          authorization:
            mode: tier
            groupTiers:
              SRE-Platform: admin
              Contractors: read
            auditAdminGroups: [Security]
        """);
    PeriscopeConfig c = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.authorization().mode()).isEqualTo(AuthorizationMode.TIER);
    assertThat(c.authorization().groupTiers()).containsEntry("SRE-Platform", Tier.ADMIN).containsEntry("Contractors", Tier.READ);
    assertThat(c.authorization().defaultTier()).isEmpty();
    assertThat(c.authorization().auditAdminGroups()).containsExactly("Security");
    assertThat(c.oidc().scopes()).containsExactly("openid", "email", "profile");
    assertThat(c.sessions().secureCookie()).isTrue();
    assertThat(c.audit().retentionDays()).isEqualTo(30);
    assertThat(c.audit().maxSizeMb()).isEqualTo(1024);
    assertThat(c.audit().vacuumInterval()).isEqualTo(Duration.ofHours(24));
    assertThat(c.authorization().sharedIdentity()).isEqualTo(io.periscope.authz.SharedIdentity.SERVER);
    assertThat(c.authorization().allowedGroups()).isEmpty();
  }

  @Test
  void allowedGroupsAndTheSharedImpersonationOption() throws Exception {
    Path file = write("""
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
          authorization:
            sharedIdentity: impersonate
            allowedGroups: [periscope-users, Security]
        """);
    PeriscopeConfig c = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
    assertThat(c.authorization().mode()).isEqualTo(AuthorizationMode.SHARED);
    assertThat(c.authorization().impersonates()).isTrue();
    assertThat(c.authorization().allowedGroups()).containsExactlyInAnyOrder("periscope-users", "Security");
    assertThat(c.authorization().admits(java.util.List.of("Security"))).isTrue();
    assertThat(c.authorization().admits(java.util.List.of("security"))).as("exact names, as the IdP sends them").isFalse();

    Path blank = write("""
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
          authorization:
            allowedGroups: [periscope-users, ""]
        """);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(blank), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth.authorization.allowedGroups: must not contain an empty group name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/periscope", "https://example.com/periscope/", "https://example.com/?a=b", "https://example.com/#x"})
  void aPublicUrlWithAPathIsRefusedSinceEveryRouteIsServedFromTheRoot(String url) {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of("server.publicUrl", url))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("server.publicUrl"))
        .hasMessageContaining("must be the root of a host, e.g. https://example.com").hasMessageContaining("a host name of its own");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com", "https://example.com/", "http://127.0.0.1:8080"})
  void aPublicUrlAtTheRootOfItsHostIsTaken(String url) {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of("server.publicUrl", url))).server().publicUrl()).hasToString(url);
  }

  @Test
  void theDatabaseFileIsStorageSqlitePathAndAuditSqlitePathIsItsOldName() {
    var base = Map.of("server.publicUrl", "https://periscope.example.com");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), merge(base)).storage().sqlitePath())
        .isEqualTo(Path.of("/var/lib/periscope/audit/audit.db"));
    var oldName = new java.util.HashMap<>(base);
    oldName.put("audit.sqlitePath", "/data/old.db");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), merge(oldName)).storage().sqlitePath()).isEqualTo(Path.of("/data/old.db"));
    var both = new java.util.HashMap<>(oldName);
    both.put("storage.sqlitePath", "/data/new.db");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), merge(both)).storage().sqlitePath()).isEqualTo(Path.of("/data/new.db"));
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_STORAGE_SQLITE_PATH", "/env/db.db"), merge(base)).storage().sqlitePath())
        .isEqualTo(Path.of("/env/db.db"));
  }

  @Test
  void agentTunnelIsOffByDefaultAndConfigurable() {
    var defaults = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of("server.publicUrl", "https://periscope.example.com")));
    assertThat(defaults.agent().tunnelEnabled()).isFalse();
    assertThat(defaults.agent().port()).isEqualTo(8443);
    assertThat(defaults.agent().bindAddress()).isEqualTo("0.0.0.0");
    assertThat(defaults.agent().hostnames()).containsExactly("periscope.example.com");
    assertThat(defaults.agent().caDir()).isEqualTo(Path.of("/var/lib/periscope/agent-ca"));
    assertThat(defaults.agent().tokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.agent().certificateValidity()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.agent().ca()).isEqualTo(new PeriscopeConfig.Ca(PeriscopeConfig.Ca.Store.DATABASE, Optional.empty(), List.of()));

    var set = ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_AGENT_TUNNEL_ENABLED", "true", "PERISCOPE_AGENT_TUNNEL_PORT", "9443",
        "PERISCOPE_AGENT_TUNNEL_HOSTNAMES", "tunnel.example.com,10.0.0.5", "PERISCOPE_AGENT_CA_DIR", "/data/ca",
        "PERISCOPE_AGENT_TOKEN_TTL", "5m", "PERISCOPE_AGENT_CERTIFICATE_VALIDITY", "7d", "PERISCOPE_AGENT_CA_STORE", "directory"), MINIMAL);
    assertThat(set.agent()).isEqualTo(new PeriscopeConfig.Agent(true, "0.0.0.0", 9443, List.of("tunnel.example.com", "10.0.0.5"),
        Path.of("/data/ca"), Duration.ofMinutes(5), Duration.ofDays(7),
        new PeriscopeConfig.Ca(PeriscopeConfig.Ca.Store.DIRECTORY, Optional.empty(), List.of())));
  }

  @Test
  void inspectorIsOffByDefaultAndOnFromTheEnvironment() {
    var defaults = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of())).inspector();
    assertThat(defaults).isEqualTo(new PeriscopeConfig.Inspector(false, java.time.Duration.ofHours(6), 4));
    var on = ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_INSPECTOR_ENABLED", "true", "PERISCOPE_INSPECTOR_REFRESH_INTERVAL", "2h"),
        merge(Map.of())).inspector();
    assertThat(on.enabled()).isTrue();
    assertThat(on.refreshInterval()).isEqualTo(java.time.Duration.ofHours(2));
  }

  @Test
  void theListCacheIsOffByDefaultAndFollowsPodsOnceEnabled() {
    var defaults = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of())).listCache();
    assertThat(defaults).isEqualTo(new PeriscopeConfig.ListCache(false, java.util.Set.of("pods"), java.time.Duration.ofMinutes(15)));
    var on = ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_LIST_CACHE_ENABLED", "true",
        "PERISCOPE_LIST_CACHE_RESOURCES", "pods,replicasets.apps", "PERISCOPE_LIST_CACHE_IDLE_TIMEOUT", "1h"), merge(Map.of())).listCache();
    assertThat(on).isEqualTo(new PeriscopeConfig.ListCache(true, java.util.Set.of("pods", "replicasets.apps"), java.time.Duration.ofHours(1)));
  }

  @Test
  void awsAccessDefaultsAndTheProbeSwitchInTheEnvironment() {
    var defaults = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of())).awsAccess();
    assertThat(defaults).isEqualTo(new PeriscopeConfig.AwsAccess(java.time.Duration.ofMinutes(30), java.time.Duration.ofMinutes(5), 8, true, Map.of(), List.of(),
        java.util.Set.of(), PeriscopeConfig.FleetLookup.DEFAULTS, 3));
    var set = ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_AWS_ACCESS_IAM_PROBE", "false", "PERISCOPE_AWS_ACCESS_POLICY_CACHE_TTL", "1h",
        "PERISCOPE_AWS_ACCESS_FRESHNESS", "2m", "PERISCOPE_AWS_ACCESS_MAX_CONCURRENT_FETCHES_PER_ACCOUNT", "3",
        "PERISCOPE_AWS_ADDONS_WRITE_GROUPS", "platform-oncall,sre", "PERISCOPE_AWS_ACCESS_FLEET_LOOKUP_CLUSTER_TIMEOUT", "3s",
        "PERISCOPE_AWS_ACCESS_FLEET_LOOKUP_MAX_CONCURRENT_CLUSTERS", "2", "PERISCOPE_AWS_ACCESS_ASSUME_ROLE_CHAIN_MAX_DEPTH", "5"),
        merge(Map.of())).awsAccess();
    assertThat(set).isEqualTo(new PeriscopeConfig.AwsAccess(java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(2), 3, false, Map.of(), List.of(),
        java.util.Set.of("platform-oncall", "sre"), new PeriscopeConfig.FleetLookup(java.time.Duration.ofSeconds(3), 2), 5));
  }

  @Test
  void sensitiveCatalogChangesComeFromTheFileOrTheEnvironment() throws Exception {
    Path file = write("""
        aws:
          access:
            sensitiveCatalog:
              add:
                "ecr:PutImage": "destructive: overwrite images others deploy"
              suppress: ["ec2:TerminateInstances"]
        """);
    var fromFile = ConfigLoader.load(Optional.of(file), Map.of(), merge(Map.of())).awsAccess();
    assertThat(fromFile.sensitiveCatalogAdd()).containsExactly(Map.entry("ecr:PutImage", "destructive: overwrite images others deploy"));
    assertThat(fromFile.sensitiveCatalogSuppress()).containsExactly("ec2:TerminateInstances");

    var fromEnv = ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_AWS_ACCESS_SENSITIVE_CATALOG_ADD", "ecr:PutImage=destructive,lambda:InvokeFunction=data",
        "PERISCOPE_AWS_ACCESS_SENSITIVE_CATALOG_SUPPRESS", "ec2:TerminateInstances,*"), merge(Map.of())).awsAccess();
    assertThat(fromEnv.sensitiveCatalogAdd()).containsExactly(Map.entry("ecr:PutImage", "destructive"), Map.entry("lambda:InvokeFunction", "data"));
    assertThat(fromEnv.sensitiveCatalogSuppress()).containsExactly("ec2:TerminateInstances", "*");
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    Path file = write("""
        server:
          port: 9000
        auth:
          oidc: {issuer: "https://idp.example.com", clientId: periscope}
        """);
    PeriscopeConfig c = ConfigLoader.load(Optional.of(file), Map.of(
        "PERISCOPE_SERVER_PORT", "9100",
        "PERISCOPE_AUTH_SESSION_IDLE_TIMEOUT", "15m",
        "PERISCOPE_AUDIT_RETENTION_DAYS", "7",
        "PERISCOPE_AUDIT_MAX_SIZE_MB", "0",
        "PERISCOPE_AUTH_AUTHORIZATION_MODE", "tier",
        "PERISCOPE_AUTH_AUTHORIZATION_GROUP_TIERS", "sre=admin, devs=write",
        "PERISCOPE_AUTH_OIDC_CLIENT_SECRET", "s3cret"), Map.of());
    assertThat(c.server().port()).isEqualTo(9100);
    assertThat(c.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.audit().retentionDays()).isEqualTo(7);
    assertThat(c.audit().maxSizeMb()).isZero();
    assertThat(c.authorization().groupTiers()).containsEntry("devs", Tier.WRITE);
    assertThat(c.oidc().clientSecret()).isEqualTo("s3cret");
  }

  /**
   * A client secret given both as text and as a file is refused, wherever each comes from (file,
   * variable, command line): the text used to win silently, so a rotated secret in the mounted file
   * was never read. The error names both keys and their variables, and repeats neither value.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clientSecretTwice")
  void aClientSecretGivenAsTextAndAsAFileIsRefused(String where, String yaml, Map<String, String> env, Map<String, String> overrides)
      throws Exception {
    Path secretFile = Files.writeString(dir.resolve("client-secret"), "from-the-file");
    Path file = write(yaml.replace("SECRET_FILE", secretFile.toString()));
    var env2 = new java.util.HashMap<String, String>();
    env.forEach((k, v) -> env2.put(k, v.replace("SECRET_FILE", secretFile.toString())));
    var overrides2 = new java.util.HashMap<String, String>();
    overrides.forEach((k, v) -> overrides2.put(k, v.replace("SECRET_FILE", secretFile.toString())));

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), env2, overrides2))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("auth.oidc.clientSecret"))
        .hasMessage("auth.oidc.clientSecret: set one of auth.oidc.clientSecret (PERISCOPE_AUTH_OIDC_CLIENT_SECRET) or"
            + " auth.oidc.clientSecretFile (PERISCOPE_AUTH_OIDC_CLIENT_SECRET_FILE), not both")
        .hasMessageNotContaining("literal-secret").hasMessageNotContaining("from-the-file");
  }

  static List<Arguments> clientSecretTwice() {
    String oidc = """
        auth:
          oidc:
            issuer: https://idp.example.com
            clientId: periscope
        """;
    return List.of(
        Arguments.of("both in the file", oidc + "    clientSecret: literal-secret\n    clientSecretFile: SECRET_FILE\n", Map.of(), Map.of()),
        Arguments.of("file names the file, variable holds the text", oidc + "    clientSecretFile: SECRET_FILE\n",
            Map.of("PERISCOPE_AUTH_OIDC_CLIENT_SECRET", "literal-secret"), Map.of()),
        Arguments.of("file holds the text, variable names the file", oidc + "    clientSecret: literal-secret\n",
            Map.of("PERISCOPE_AUTH_OIDC_CLIENT_SECRET_FILE", "SECRET_FILE"), Map.of()),
        Arguments.of("both on the command line", oidc,
            Map.of(), Map.of("auth.oidc.clientSecret", "literal-secret", "auth.oidc.clientSecretFile", "SECRET_FILE")));
  }

  /** Either one alone is read; an empty value (a variable set to "") counts as not set. */
  @Test
  void aClientSecretFromTheFileAloneOrBesideAnEmptyTextIsRead() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("client-secret"), "from-the-file\n");
    var fileOnly = merge(Map.of("auth.oidc.clientSecretFile", secretFile.toString()));
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), fileOnly).oidc().clientSecret()).isEqualTo("from-the-file");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_AUTH_OIDC_CLIENT_SECRET", ""), fileOnly).oidc().clientSecret())
        .isEqualTo("from-the-file");
  }

  /** The storage key is named once: by file or by variable, like the agent CA's key. */
  @Test
  void aStorageKeyNamedByFileAndByVariableIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERISCOPE_STORAGE_KEY_ENV", "STORAGE_KEY"),
        merge(Map.of("storage.keyFile", "/etc/periscope/storage/key"))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("storage.keyFile"))
        .hasMessageContaining("set one of storage.keyFile (PERISCOPE_STORAGE_KEY_FILE) or storage.keyEnv (PERISCOPE_STORAGE_KEY_ENV),"
            + " not both");
  }

  @Test
  void secureCookieIsRelaxedOnlyForLoopbackHttp() {
    var loopback = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of("server.bindAddress", "127.0.0.1", "server.publicUrl", "http://127.0.0.1:8080")));
    var exposed = ConfigLoader.load(Optional.empty(), Map.of(), merge(Map.of("server.bindAddress", "0.0.0.0", "server.publicUrl", "http://periscope.local")));
    assertThat(loopback.sessions().secureCookie()).isFalse();
    assertThat(exposed.sessions().secureCookie()).isTrue();
  }

  static List<Arguments> badValues() {
    return List.of(
        Arguments.of(Map.of("auth.authorization.mode", "rbac"), "auth.authorization.mode", "unknown mode 'rbac'"),
        Arguments.of(Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "SRE=admn"),
            "auth.authorization.groupTiers.SRE", "unknown tier 'admn'"),
        Arguments.of(Map.of("auth.authorization.defaultTier", "viewer"), "auth.authorization.defaultTier", "unknown tier 'viewer'"),
        Arguments.of(Map.of("auth.authorization.mode", "tier"), "auth.authorization.groupTiers", "at least one group mapping"),
        Arguments.of(Map.of("auth.authorization.groupPrefix", "system:"), "auth.authorization.groupPrefix", "must not start with 'system:'"),
        Arguments.of(Map.of("auth.authorization.sharedGroup", "system:masters"), "auth.authorization.sharedGroup", "must not start with 'system:'"),
        Arguments.of(Map.of("auth.authorization.sharedIdentity", "person"), "auth.authorization.sharedIdentity",
            "unknown value 'person'; expected server or impersonate"),
        Arguments.of(Map.of("server.port", "eighty"), "server.port", "expected a whole number"),
        Arguments.of(Map.of("server.port", "70000"), "server.port", "between 0 and 65535"),
        Arguments.of(Map.of("auth.session.idleTimeout", "soon"), "auth.session.idleTimeout", "expected a duration"),
        Arguments.of(Map.of("auth.session.idleTimeout", "24h", "auth.session.absoluteTimeout", "1h"), "auth.session.idleTimeout", "must not exceed"),
        Arguments.of(Map.of("auth.oidc.issuer", "idp.example.com"), "auth.oidc.issuer", "expected an http(s) URL"),
        Arguments.of(Map.of("auth.oidc.scopes", "email,profile"), "auth.oidc.scopes", "must include 'openid'"),
        Arguments.of(Map.of("storage.backend", "mysql"), "storage.backend", "unknown backend 'mysql'"),
        Arguments.of(Map.of("storage.backend", "postgres"), "storage.postgres.url", "required for the postgres backend"),
        Arguments.of(Map.of("audit.stdout", "yes"), "audit.stdout", "expected true or false"),
        Arguments.of(Map.of("no.such.key", "1"), "no.such.key", "unknown configuration key"),
        Arguments.of(Map.of("agent.tunnel.enabled", "on"), "agent.tunnel.enabled", "expected true or false"),
        Arguments.of(Map.of("agent.tunnel.enabled", "true", "server.port", "8443"), "agent.tunnel.port", "must differ from server.port"),
        Arguments.of(Map.of("agent.tunnel.port", "-1"), "agent.tunnel.port", "between 0 and 65535"),
        Arguments.of(Map.of("agent.tunnel.hostnames", "periscope.example.com,bad host"), "agent.tunnel.hostnames", "'bad host' is not a host"),
        Arguments.of(Map.of("agent.tokenTtl", "30s"), "agent.tokenTtl", "between 1m and 24h"),
        Arguments.of(Map.of("agent.tokenTtl", "7d"), "agent.tokenTtl", "between 1m and 24h"),
        Arguments.of(Map.of("agent.certificateValidity", "400d"), "agent.certificateValidity", "between 1h and 365d"),
        Arguments.of(Map.of("aws.access.iamProbe", "maybe"), "aws.access.iamProbe", "expected true or false"),
        Arguments.of(Map.of("aws.access.policyCacheTtl", "0s"), "aws.access.policyCacheTtl", "at least 1s"),
        Arguments.of(Map.of("inspector.refreshInterval", "30s"), "inspector.refreshInterval", "at least 1m"),
        Arguments.of(Map.of("inspector.enabled", "yes"), "inspector.enabled", "expected true or false"),
        Arguments.of(Map.of("listCache.resources", "pods,secrets"), "listCache.resources", "secrets are never cached"),
        Arguments.of(Map.of("listCache.resources", "Pods"), "listCache.resources", "use plural or plural.group"),
        Arguments.of(Map.of("listCache.idleTimeout", "10s"), "listCache.idleTimeout", "at least 1m"),
        Arguments.of(Map.of("inspector.maxConcurrentCalls", "0"), "inspector.maxConcurrentCalls", ""),
        Arguments.of(Map.of("aws.access.freshness", "later"), "aws.access.freshness", "expected a duration"),
        Arguments.of(Map.of("aws.access.maxConcurrentFetchesPerAccount", "0"), "aws.access.maxConcurrentFetchesPerAccount", "between 1 and 100"),
        // Zero was taken: a rescan every millisecond, requests and sessions that end at once.
        Arguments.of(Map.of("clusters.rescanInterval", "0s"), "clusters.rescanInterval", "must be positive"),
        Arguments.of(Map.of("clusters.requestTimeout", "0ms"), "clusters.requestTimeout", "must be positive"),
        Arguments.of(Map.of("auth.session.idleTimeout", "PT0S"), "auth.session.idleTimeout", "must be positive"),
        Arguments.of(Map.of("auth.session.absoluteTimeout", "0h"), "auth.session.absoluteTimeout", "must be positive"),
        Arguments.of(Map.of("streams.heartbeatInterval", "0s"), "streams.heartbeatInterval", "must be positive"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badValues")
  void invalidValuesFailNamingTheKey(Map<String, String> overrides, String key, String reason) {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), merge(overrides)))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.getMessage()).startsWith(key + ": ").contains(reason);
        });
  }

  /**
   * The apiserver trims blanks around a header value, so a group written with a leading blank in the
   * YAML (quoted) would reach it as the reserved name itself: refused like the bare name.
   */
  @ParameterizedTest(name = "{0}: \"{1}\"")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "sharedGroup | ' system:masters'",
      "sharedGroup | '\tsystem:masters'",
      "groupPrefix | ' system:'",
  })
  void aReservedGroupBehindBlanksIsRefused(String key, String value) throws Exception {
    Path file = write("""
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
          authorization:
            mode: %s
            sharedIdentity: impersonate
            %s: "%s"
        """.formatted(key.equals("groupPrefix") ? "raw" : "shared", key, value.replace("\t", "\\t")));
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("auth.authorization." + key))
        .hasMessageContaining("system:");
  }

  /** A secret with an unclosed quote makes the file invalid YAML: the error says where, and never repeats the secret. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"'Qx9sEcReTvAlUe", "\"Qx9sEcReTvAlUe"})
  void aSecretThatIsNotValidYamlIsNotRepeatedInTheError(String secret) throws Exception {
    Path file = write("""
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
            clientSecret: %s
        """.formatted(secret));
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("invalid YAML").hasMessageContaining("line")
        .hasMessageNotContaining("Qx9sEcReTvAlUe");
  }

  /** YAML readers keep the last of two equal keys: a second section would silently drop the first one's keys. */
  @Test
  void aSectionWrittenTwiceIsRefusedNamingItAndWhere() throws Exception {
    Path file = write("""
        server:
          port: 9000
        auth:
          oidc:
            issuer: https://idp.example.com/realms/main
            clientId: periscope
        server:
          publicUrl: https://periscope.example.com
        """);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("config file"))
        .hasMessageContaining("the key 'server' appears twice in the same mapping (line 7");
  }

  @Test
  void anEmptyFileIsAllDefaults() throws Exception {
    PeriscopeConfig c = ConfigLoader.load(Optional.of(write("")), Map.of(), MINIMAL);
    assertThat(c.server().port()).isEqualTo(8080);
  }

  /** Logback takes any value: an unknown format printed nothing at all, an unknown level meant DEBUG. */
  @ParameterizedTest(name = "{0}={1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "PERISCOPE_LOG_FORMAT | txt | PERISCOPE_LOG_FORMAT: expected json or text, got 'txt'",
      "PERISCOPE_LOG_FORMAT | JSON | PERISCOPE_LOG_FORMAT: expected json or text, got 'JSON'",
      "PERISCOPE_LOG_LEVEL | verbose | PERISCOPE_LOG_LEVEL: expected one of ERROR, WARN, INFO, DEBUG, TRACE, got 'verbose'",
  })
  void anUnknownLoggingValueStopsStartUpNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(variable, value), MINIMAL))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(variable))
        .hasMessage(message);
  }

  @Test
  void theDocumentedLoggingValuesAreAccepted() {
    for (var env : List.of(Map.of("PERISCOPE_LOG_FORMAT", "text", "PERISCOPE_LOG_LEVEL", "debug"),
        Map.of("PERISCOPE_LOG_FORMAT", "json", "PERISCOPE_LOG_LEVEL", "WARN"), Map.<String, String>of())) {
      assertThat(ConfigLoader.load(Optional.empty(), env, MINIMAL).server().port()).as("%s", env).isEqualTo(8080);
    }
  }

  @Test
  void missingIssuerFailsNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("auth.oidc.clientId", "x")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("auth.oidc.issuer: required");
  }

  @Test
  void typoInYamlKeyFailsNamingTheKey() throws Exception {
    Path file = write("""
        auth:
          oidc: {issuer: "https://idp.example.com", clientId: periscope}
          authorisation:
            mode: tier
        """);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("auth.authorisation: unknown configuration key");
  }

  @Test
  void unreadableOrBrokenFileFails() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("missing.yaml")), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    Path broken = write("auth: [unclosed");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(broken), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("invalid YAML");
  }

  private static Map<String, String> merge(Map<String, String> overrides) {
    var m = new java.util.HashMap<>(MINIMAL);
    m.putAll(overrides);
    return m;
  }

  private Path write(String yaml) throws Exception {
    Path f = Files.createTempFile(dir, "config", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }
}
