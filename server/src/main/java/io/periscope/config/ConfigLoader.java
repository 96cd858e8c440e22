package io.periscope.config;

import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.AuthorizationPolicy;
import io.periscope.authz.SharedIdentity;
import io.periscope.authz.Tier;
import io.periscope.names.KubernetesNames;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the YAML config file plus {@code PERISCOPE_*} overrides and validates every value. Any
 * invalid value throws {@link ConfigException} naming the key, so start-up fails loudly.
 */
public final class ConfigLoader {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  /** A hundred years: longer durations would overflow where they are counted in milliseconds or nanoseconds. */
  private static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private ConfigLoader() {}

  /** Whether {@code key} is a configuration key, or the path of a section holding some ({@code auth.oidc}). */
  public static boolean isKnownKeyOrPrefix(String key) {
    return ConfigKeys.ALL.containsKey(key) || ConfigKeys.isPrefixOfKnownKey(key);
  }

  public static PeriscopeConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    LogEnvironment.check(env);
    RawConfig raw = RawConfig.read(file, env, overrides);
    var server = server(raw);
    return new PeriscopeConfig(
        server, oidc(raw), sessions(raw, server), authorization(raw), clusters(raw), audit(raw), storage(raw, env), streams(raw),
        agent(raw, server, env), awsAccess(raw), inspector(raw), listCache(raw));
  }

  /** Opt-in; {@code pods} when enabled without a list. Secrets are refused: their values never sit in the server's memory. */
  private static PeriscopeConfig.ListCache listCache(RawConfig raw) {
    List<String> resources = raw.list("listCache.resources").orElse(List.of("pods"));
    for (String r : resources) {
      if (!r.matches(KubernetesNames.DNS_LABEL + "(\\." + KubernetesNames.DNS_SUBDOMAIN + ")?")) {
        throw new ConfigException("listCache.resources", "'" + r + "' is not a resource name: use plural or plural.group, e.g. pods, deployments.apps");
      }
      if (r.equals("secrets")) {
        throw new ConfigException("listCache.resources", "secrets are never cached: their values must not sit in the server's memory");
      }
    }
    Duration idle = duration(raw, "listCache.idleTimeout", Duration.ofMinutes(15));
    if (idle.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("listCache.idleTimeout", "must be at least 1m");
    }
    return new PeriscopeConfig.ListCache(bool(raw, "listCache.enabled", false), new LinkedHashSet<>(resources), idle);
  }

  private static PeriscopeConfig.Inspector inspector(RawConfig raw) {
    Duration refresh = duration(raw, "inspector.refreshInterval", Duration.ofHours(6));
    if (refresh.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("inspector.refreshInterval", "must be at least 1m (Inspector rescans images at most a few times a day)");
    }
    return new PeriscopeConfig.Inspector(bool(raw, "inspector.enabled", false), refresh,
        intValue(raw, "inspector.maxConcurrentCalls", 4, 1, 50));
  }

  private static PeriscopeConfig.AwsAccess awsAccess(RawConfig raw) {
    Duration ttl = duration(raw, "aws.access.policyCacheTtl", Duration.ofMinutes(30));
    Duration freshness = duration(raw, "aws.access.freshness", Duration.ofMinutes(5));
    for (var e : Map.of("aws.access.policyCacheTtl", ttl, "aws.access.freshness", freshness).entrySet()) {
      if (e.getValue().compareTo(Duration.ofSeconds(1)) < 0) {
        throw new ConfigException(e.getKey(), "must be at least 1s");
      }
    }
    return new PeriscopeConfig.AwsAccess(ttl, freshness, intValue(raw, "aws.access.maxConcurrentFetchesPerAccount", 8, 1, 100),
        bool(raw, "aws.access.iamProbe", true), raw.map("aws.access.sensitiveCatalog.add"),
        raw.list("aws.access.sensitiveCatalog.suppress").orElse(List.of()), addonWriteGroups(raw), fleetLookup(raw),
        intValue(raw, "aws.access.assumeRoleChain.maxDepth", 3, 1, 6));
  }

  private static PeriscopeConfig.FleetLookup fleetLookup(RawConfig raw) {
    Duration timeout = duration(raw, "aws.access.fleetLookup.clusterTimeout", PeriscopeConfig.FleetLookup.DEFAULTS.clusterTimeout());
    if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException("aws.access.fleetLookup.clusterTimeout", "must be between 100ms and 5m");
    }
    return new PeriscopeConfig.FleetLookup(timeout, intValue(raw, "aws.access.fleetLookup.maxConcurrentClusters",
        PeriscopeConfig.FleetLookup.DEFAULTS.maxConcurrentClusters(), 1, 100));
  }

  private static java.util.Set<String> addonWriteGroups(RawConfig raw) {
    List<String> groups = raw.list("aws.addons.writeGroups").orElse(List.of());
    for (String g : groups) {
      if (g.isBlank()) {
        throw new ConfigException("aws.addons.writeGroups", "group names must not be empty");
      }
    }
    return new LinkedHashSet<>(groups);
  }

  private static PeriscopeConfig.Agent agent(RawConfig raw, PeriscopeConfig.Server server, Map<String, String> env) {
    boolean enabled = bool(raw, "agent.tunnel.enabled", false);
    String bind = raw.scalar("agent.tunnel.bindAddress").orElse("0.0.0.0");
    if (bind.isBlank()) {
      throw new ConfigException("agent.tunnel.bindAddress", "must not be empty");
    }
    int port = intValue(raw, "agent.tunnel.port", 8443, 0, 65535);
    if (enabled && port != 0 && port == server.port()) {
      throw new ConfigException("agent.tunnel.port", "must differ from server.port (" + server.port() + "): the tunnel is its own TLS port");
    }
    // getHost() keeps an IPv6 literal's brackets, which a certificate's IP name does not have.
    List<String> hostnames = raw.list("agent.tunnel.hostnames")
        .orElse(List.of(server.publicUrl().getHost().replaceAll("^\\[(.*)]$", "$1")));
    for (String h : hostnames) {
      if (h.isBlank() || !h.matches("[A-Za-z0-9.:*-]+")) {
        throw new ConfigException("agent.tunnel.hostnames", "'" + h + "' is not a host name or IP address");
      }
    }
    if (enabled && hostnames.isEmpty()) {
      throw new ConfigException("agent.tunnel.hostnames", "list at least one name agents dial (it goes into the tunnel's certificate)");
    }
    Duration tokenTtl = duration(raw, "agent.tokenTtl", Duration.ofMinutes(15));
    if (tokenTtl.compareTo(Duration.ofMinutes(1)) < 0 || tokenTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new ConfigException("agent.tokenTtl", "must be between 1m and 24h (registration tokens are meant to be short-lived)");
    }
    Duration validity = duration(raw, "agent.certificateValidity", Duration.ofDays(30));
    if (validity.compareTo(Duration.ofHours(1)) < 0 || validity.compareTo(Duration.ofDays(365)) > 0) {
      throw new ConfigException("agent.certificateValidity", "must be between 1h and 365d");
    }
    Path caDir = path(raw, "agent.caDir", "/var/lib/periscope/agent-ca");
    return new PeriscopeConfig.Agent(enabled, bind, port, hostnames, caDir, tokenTtl, validity, AgentCaKeys.ca(raw, env, enabled));
  }

  private static PeriscopeConfig.Streams streams(RawConfig raw) {
    Duration heartbeat = positiveDuration(raw, "streams.heartbeatInterval", Duration.ofSeconds(15));
    return new PeriscopeConfig.Streams(heartbeat,
        intValue(raw, "streams.maxPerUser", 8, 1, 10_000),
        intValue(raw, "streams.maxTotal", 2_000, 1, 1_000_000));
  }

  private static PeriscopeConfig.Server server(RawConfig raw) {
    String bind = raw.scalar("server.bindAddress").orElse("0.0.0.0");
    if (!bind.matches("[A-Za-z0-9.:-]+")) {
      throw new ConfigException("server.bindAddress", "'" + bind + "' is not a host name or IP address");
    }
    int port = intValue(raw, "server.port", 8080, 0, 65535);
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
    URI publicUrl = raw.scalar("server.publicUrl").map(v -> rootUrl("server.publicUrl", httpUri("server.publicUrl", v)))
        .orElseGet(() -> localUrl(bind, host, port));
    int metricsPort = intValue(raw, "server.metricsPort", 0, 0, 65535);
    if (metricsPort != 0 && metricsPort == port) {
      throw new ConfigException("server.metricsPort", "must differ from server.port (" + port + "), or be 0 to serve /metrics on it");
    }
    return new PeriscopeConfig.Server(bind, port, publicUrl, metricsPort);
  }

  /** Without server.publicUrl: the address the server is bound to. */
  private static URI localUrl(String bind, String host, int port) {
    try {
      URI uri = new URI("http://" + host + ":" + port);
      if (uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // said below
    }
    throw new ConfigException("server.bindAddress", "'" + bind + "' is not a host name or IP address");
  }

  private static PeriscopeConfig.Oidc oidc(RawConfig raw) {
    URI issuer = httpUri("auth.oidc.issuer", raw.scalar("auth.oidc.issuer")
        .orElseThrow(() -> new ConfigException("auth.oidc.issuer", "required: the OIDC issuer URL of your identity provider")));
    String clientId = raw.scalar("auth.oidc.clientId")
        .orElseThrow(() -> new ConfigException("auth.oidc.clientId", "required: the OIDC client id registered for Periscope"));
    raw.refuseBoth("auth.oidc.clientSecret", "auth.oidc.clientSecretFile");
    String secret = raw.scalar("auth.oidc.clientSecret").orElse(null);
    Optional<String> secretFile = raw.scalar("auth.oidc.clientSecretFile");
    if (secret == null && secretFile.isPresent()) {
      try {
        secret = Files.readString(path(raw, "auth.oidc.clientSecretFile", "")).trim();
      } catch (IOException e) {
        throw new ConfigException("auth.oidc.clientSecretFile", "cannot read " + secretFile.get());
      }
    }
    List<String> scopes = raw.list("auth.oidc.scopes").orElse(List.of("openid", "email", "profile"));
    if (!scopes.contains("openid")) {
      throw new ConfigException("auth.oidc.scopes", "must include 'openid'");
    }
    return new PeriscopeConfig.Oidc(issuer, clientId, secret, scopes,
        raw.scalar("auth.oidc.groupsClaim").orElse("groups"),
        raw.scalar("auth.oidc.emailClaim").orElse("email"),
        bool(raw, "auth.oidc.useRefreshToken", true));
  }

  private static PeriscopeConfig.Sessions sessions(RawConfig raw, PeriscopeConfig.Server server) {
    Duration idle = positiveDuration(raw, "auth.session.idleTimeout", Duration.ofHours(1));
    Duration absolute = positiveDuration(raw, "auth.session.absoluteTimeout", Duration.ofHours(12));
    if (idle.compareTo(absolute) > 0) {
      throw new ConfigException("auth.session.idleTimeout", "must not exceed auth.session.absoluteTimeout (" + absolute + ")");
    }
    String cookie = raw.scalar("auth.session.cookieName").orElse("periscope_session");
    if (!cookie.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException("auth.session.cookieName", "only letters, digits, '_' and '-' are allowed");
    }
    // Secure is relaxed only for plain-http development bound to loopback.
    boolean secure = !(server.publicUrl().getScheme().equals("http") && server.loopbackOnly());
    return new PeriscopeConfig.Sessions(idle, absolute, cookie, secure, intValue(raw, "auth.session.loginStartsPerMinute", 60, 0, 100_000));
  }

  private static AuthorizationPolicy authorization(RawConfig raw) {
    String modeText = raw.scalar("auth.authorization.mode").orElse("shared");
    AuthorizationMode mode = AuthorizationMode.parse(modeText).orElseThrow(() -> new ConfigException(
        "auth.authorization.mode", "unknown mode '" + modeText + "'; expected one of shared, tier, raw"));
    Map<String, Tier> groupTiers = new LinkedHashMap<>();
    raw.map("auth.authorization.groupTiers").forEach((group, tierText) ->
        groupTiers.put(group, tier("auth.authorization.groupTiers." + group, tierText)));
    String defaultTierText = raw.scalar("auth.authorization.defaultTier").orElse("");
    Optional<Tier> defaultTier = defaultTierText.isEmpty()
        ? Optional.empty() : Optional.of(tier("auth.authorization.defaultTier", defaultTierText));
    if (mode == AuthorizationMode.TIER && groupTiers.isEmpty() && defaultTier.isEmpty()) {
      throw new ConfigException("auth.authorization.groupTiers",
          "tier mode needs at least one group mapping or a non-empty defaultTier; otherwise everyone is denied");
    }
    String prefix = raw.scalar("auth.authorization.groupPrefix").orElse(AuthorizationPolicy.DEFAULT_GROUP_PREFIX);
    requireNonSystemName("auth.authorization.groupPrefix", prefix);
    String shared = raw.scalar("auth.authorization.sharedGroup").orElse(AuthorizationPolicy.DEFAULT_SHARED_GROUP);
    requireNonSystemName("auth.authorization.sharedGroup", shared);
    String sharedIdentityText = raw.scalar("auth.authorization.sharedIdentity").orElse("server");
    SharedIdentity sharedIdentity = SharedIdentity.parse(sharedIdentityText).orElseThrow(() -> new ConfigException(
        "auth.authorization.sharedIdentity", "unknown value '" + sharedIdentityText + "'; expected server or impersonate"));
    var auditAdmins = new LinkedHashSet<>(raw.list("auth.authorization.auditAdminGroups").orElse(List.of()));
    var allowed = new LinkedHashSet<>(raw.list("auth.authorization.allowedGroups").orElse(List.of()));
    if (allowed.stream().anyMatch(String::isBlank)) {
      throw new ConfigException("auth.authorization.allowedGroups", "must not contain an empty group name");
    }
    return new AuthorizationPolicy(mode, groupTiers, defaultTier, prefix, sharedIdentity, shared, auditAdmins, allowed);
  }

  private static PeriscopeConfig.Clusters clusters(RawConfig raw) {
    return new PeriscopeConfig.Clusters(
        path(raw, "clusters.file", "/etc/periscope/clusters.yaml"),
        positiveDuration(raw, "clusters.rescanInterval", Duration.ofSeconds(30)),
        positiveDuration(raw, "clusters.requestTimeout", Duration.ofSeconds(10)));
  }

  private static PeriscopeConfig.Audit audit(RawConfig raw) {
    return new PeriscopeConfig.Audit(
        intValue(raw, "audit.retentionDays", 30, 0, 36500),
        intValue(raw, "audit.maxSizeMb", 1024, 0, Integer.MAX_VALUE),
        duration(raw, "audit.vacuumInterval", Duration.ofHours(24)),
        bool(raw, "audit.stdout", true));
  }

  private static PeriscopeConfig.Storage storage(RawConfig raw, Map<String, String> env) {
    String text = raw.scalar("storage.backend").orElse("sqlite");
    var backend = Arrays.stream(PeriscopeConfig.Storage.Backend.values())
        .filter(b -> b.name().toLowerCase(Locale.ROOT).equals(text)).findFirst()
        .orElseThrow(() -> new ConfigException("storage.backend", "unknown backend '" + text + "'; expected sqlite or postgres"));
    Optional<String> url = raw.scalar("storage.postgres.url");
    if (backend == PeriscopeConfig.Storage.Backend.POSTGRES) {
      if (url.isEmpty() || !url.get().startsWith("jdbc:postgresql://")) {
        throw new ConfigException("storage.postgres.url", "required for the postgres backend, as jdbc:postgresql://host:5432/db");
      }
    }
    // audit.sqlitePath is the key's old name (the file always held sessions and agent state too).
    Path sqlitePath = raw.scalar("storage.sqlitePath").isPresent() || raw.scalar("audit.sqlitePath").isEmpty()
        ? path(raw, "storage.sqlitePath", "/var/lib/periscope/audit/audit.db")
        : path(raw, "audit.sqlitePath", "/var/lib/periscope/audit/audit.db");
    var keys = EncryptionKeys.read(raw, env, "storage");
    return new PeriscopeConfig.Storage(backend, sqlitePath, url.orElse(null),
        raw.scalar("storage.postgres.user").orElse(null), raw.scalar("storage.postgres.password").orElse(null), keys.current(),
        keys.previous());
  }

  private static Tier tier(String key, String text) {
    return Tier.parse(text).orElseThrow(() -> new ConfigException(key, "unknown tier '" + text + "'; expected one of "
        + Arrays.stream(Tier.values()).map(Tier::wireName).collect(Collectors.joining(", "))));
  }

  private static void requireNonSystemName(String key, String value) {
    if (value.isBlank()) {
      throw new ConfigException(key, "must not be empty");
    }
    if (!value.equals(value.strip())) {
      // An apiserver trims a header value's blanks: " system:masters" would arrive as system:masters.
      throw new ConfigException(key, "must not start or end with blanks (an apiserver trims them from the header, so the name"
          + " must be what it reads; a reserved 'system:' name is never impersonated)");
    }
    if (value.startsWith("system:")) {
      throw new ConfigException(key, "must not start with 'system:' (reserved Kubernetes groups are never impersonated)");
    }
  }

  /**
   * The console, its API and the sign-in callback are served from the root of their host: a path here
   * would be dropped from every redirect (or, behind an ingress on that path, answer nothing), so refuse it.
   */
  private static URI rootUrl(String key, URI uri) {
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(key, "must be the root of a host, e.g. " + uri.getScheme() + "://" + uri.getRawAuthority()
          + ", got '" + uri + "': Periscope serves its console, API and sign-in callback from '/', so give it a host name of its own");
    }
    return uri;
  }

  private static URI httpUri(String key, String text) {
    try {
      URI uri = new URI(text);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException(key, "expected an http(s) URL with a host, got '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "not a valid URL: '" + text + "'");
    }
  }

  private static Path path(RawConfig raw, String key, String dflt) {
    String text = raw.scalar(key).orElse(dflt);
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new ConfigException(key, "not a valid file path: '" + text.replace("\0", "\\0") + "'");
    }
  }

  private static int intValue(RawConfig raw, String key, int dflt, int min, int max) {
    Optional<String> text = raw.scalar(key);
    if (text.isEmpty()) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value < min || value > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected a whole number, got '" + text.get() + "'");
    }
  }

  private static boolean bool(RawConfig raw, String key, boolean dflt) {
    return raw.scalar(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "expected true or false, got '" + v + "'");
    }).orElse(dflt);
  }

  /** Accepts {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT1H}). */
  static Duration duration(RawConfig raw, String key, Duration dflt) {
    Optional<String> text = raw.scalar(key);
    if (text.isEmpty()) {
      return dflt;
    }
    Duration d = parseDuration(text.get())
        .orElseThrow(() -> new ConfigException(key, "expected a duration like 30s, 15m, 12h or 7d, got '" + text.get() + "'"));
    if (d.isNegative()) {
      throw new ConfigException(key, "must not be negative");
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new ConfigException(key, "must not exceed " + MAX_DURATION.toDays() + "d");
    }
    return d;
  }

  /**
   * A duration where zero means nothing sensible: a zero rescan interval would re-read clusters.yaml
   * in a busy loop, a zero time-out or session length would fail every request or sign-in.
   */
  private static Duration positiveDuration(RawConfig raw, String key, Duration dflt) {
    Duration d = duration(raw, key, dflt);
    if (d.isZero()) {
      throw new ConfigException(key, "must be positive");
    }
    return d;
  }

  public static Optional<Duration> parseDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.trim());
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Duration.parse(text.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
