package io.periscope.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key Periscope understands, with its shape. The YAML reader rejects keys not
 * listed here (typos fail start-up), and each key has exactly one {@code PERISCOPE_*} override.
 */
final class ConfigKeys {
  enum Shape { SCALAR, LIST, MAP }

  static final Map<String, Shape> ALL = new LinkedHashMap<>();

  static {
    scalar("server.bindAddress", "server.port", "server.publicUrl", "server.metricsPort");
    scalar("auth.oidc.issuer", "auth.oidc.clientId", "auth.oidc.clientSecret", "auth.oidc.clientSecretFile",
        "auth.oidc.groupsClaim", "auth.oidc.emailClaim", "auth.oidc.useRefreshToken");
    ALL.put("auth.oidc.scopes", Shape.LIST);
    scalar("auth.session.idleTimeout", "auth.session.absoluteTimeout", "auth.session.cookieName", "auth.session.loginStartsPerMinute");
    scalar("auth.authorization.mode", "auth.authorization.defaultTier", "auth.authorization.groupPrefix",
        "auth.authorization.sharedGroup", "auth.authorization.sharedIdentity");
    ALL.put("auth.authorization.groupTiers", Shape.MAP);
    ALL.put("auth.authorization.auditAdminGroups", Shape.LIST);
    ALL.put("auth.authorization.allowedGroups", Shape.LIST);
    scalar("clusters.file", "clusters.rescanInterval", "clusters.requestTimeout");
    scalar("audit.sqlitePath", "audit.retentionDays", "audit.maxSizeMb", "audit.vacuumInterval", "audit.stdout");
    scalar("streams.heartbeatInterval", "streams.maxPerUser", "streams.maxTotal");
    scalar("storage.keyFile", "storage.keyEnv", "storage.previousKeyFile", "storage.previousKeyEnv");
    scalar("storage.sqlitePath", "storage.backend", "storage.postgres.url", "storage.postgres.user", "storage.postgres.password");
    scalar("agent.tunnel.enabled", "agent.tunnel.bindAddress", "agent.tunnel.port", "agent.caDir", "agent.tokenTtl",
        "agent.certificateValidity");
    scalar("agent.ca.store", "agent.ca.keyFile", "agent.ca.keyEnv", "agent.ca.previousKeyFile", "agent.ca.previousKeyEnv");
    ALL.put("agent.tunnel.hostnames", Shape.LIST);
    scalar("aws.access.policyCacheTtl", "aws.access.freshness", "aws.access.maxConcurrentFetchesPerAccount", "aws.access.iamProbe",
        "aws.access.assumeRoleChain.maxDepth");
    scalar("aws.access.fleetLookup.clusterTimeout", "aws.access.fleetLookup.maxConcurrentClusters");
    ALL.put("aws.access.sensitiveCatalog.add", Shape.MAP);
    ALL.put("aws.access.sensitiveCatalog.suppress", Shape.LIST);
    ALL.put("aws.addons.writeGroups", Shape.LIST);
    scalar("inspector.enabled", "inspector.refreshInterval", "inspector.maxConcurrentCalls");
    scalar("listCache.enabled", "listCache.idleTimeout");
    ALL.put("listCache.resources", Shape.LIST);
  }

  private ConfigKeys() {}

  private static void scalar(String... keys) {
    for (String k : keys) {
      ALL.put(k, Shape.SCALAR);
    }
  }

  /** {@code auth.session.idleTimeout} → {@code PERISCOPE_AUTH_SESSION_IDLE_TIMEOUT}. */
  static String envName(String key) {
    String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
    return "PERISCOPE_" + snake.toUpperCase(Locale.ROOT);
  }

  static boolean isPrefixOfKnownKey(String path) {
    return ALL.keySet().stream().anyMatch(k -> k.startsWith(path + "."));
  }
}
