package io.periscope.config;

import io.periscope.authz.AuthorizationPolicy;
import io.periscope.storage.EncryptionKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated server configuration. Built only by {@link ConfigLoader}, so every instance has
 * passed validation; feature code reads typed values and never re-parses strings.
 */
public record PeriscopeConfig(
    Server server, Oidc oidc, Sessions sessions, AuthorizationPolicy authorization, Clusters clusters,
    Audit audit, Storage storage, Streams streams, Agent agent, AwsAccess awsAccess, Inspector inspector,
    ListCache listCache) {

  /**
   * The opt-in shared list cache (see {@code docs/list-cache.md}).
   *
   * @param resources kinds to cache, as {@code plural} or {@code plural.group}
   * @param idleTimeout a kind nobody lists for this long stops being followed
   */
  public record ListCache(boolean enabled, java.util.Set<String> resources, Duration idleTimeout) {
    public static final ListCache OFF = new ListCache(false, java.util.Set.of(), Duration.ofMinutes(15));

    public ListCache {
      resources = java.util.Set.copyOf(resources);
    }
  }

  /** HTTP listener. {@code publicUrl} is what browsers use; it builds the OIDC redirect URI. */
  /** @param metricsPort where {@code /metrics} is served instead of {@code port} (0: on {@code port}, with the API) */
  public record Server(String bindAddress, int port, URI publicUrl, int metricsPort) {
    public boolean loopbackOnly() {
      return bindAddress.equals("127.0.0.1") || bindAddress.equals("localhost") || bindAddress.equals("::1");
    }
  }

  /** OIDC relying-party settings. The client secret comes from the environment or a file, never logged. */
  public record Oidc(
      URI issuer, String clientId, String clientSecret, List<String> scopes, String groupsClaim,
      String emailClaim, boolean useRefreshToken) {}

  /** Session lifetime; idle is refreshed on use, absolute never is. */
  /** @param loginStartsPerMinute sign-in starts allowed per client address and minute (0: no limit) */
  public record Sessions(Duration idleTimeout, Duration absoluteTimeout, String cookieName, boolean secureCookie,
      int loginStartsPerMinute) {
    /** With the default limit of 60 sign-in starts per client address and minute. */
    public Sessions(Duration idleTimeout, Duration absoluteTimeout, String cookieName, boolean secureCookie) {
      this(idleTimeout, absoluteTimeout, cookieName, secureCookie, 60);
    }
  }

  /** Where the cluster registry lives and how often to re-check it besides file-watch events. */
  public record Clusters(Path file, Duration rescanInterval, Duration requestTimeout) {}

  /** Audit settings (retention is enforced by the audit store). */
  public record Audit(int retentionDays, long maxSizeMb, Duration vacuumInterval, boolean stdout) {}

  /** Live-update streams (SSE): heartbeat comment interval and caps per user and in total. */
  public record Streams(Duration heartbeatInterval, int maxPerUser, int maxTotal) {}

  /**
   * The one database of the server — audit log, sessions, agent registrations and CA: SQLite
   * (single replica, file {@code sqlitePath}) or PostgreSQL (HA, shared by replicas).
   *
   * @param key seals what the session store must not keep readable (the IdP's tokens); required
   *     to start on this database, see {@code storage.keyFile}
   */
  public record Storage(Backend backend, Path sqlitePath, String postgresUrl, String postgresUser, String postgresPassword,
      Optional<EncryptionKey> key, List<EncryptionKey> previousKeys) {
    public enum Backend { SQLITE, POSTGRES }

    public Storage {
      previousKeys = List.copyOf(previousKeys);
    }
  }

  /**
   * The agent backend: the tunnel port private clusters' agents dial, where the agent CA is kept,
   * and the lifetimes of registration tokens and agent certificates.
   *
   * @param hostnames names (and IP literals) agents dial; they go into the tunnel's server certificate
   * @param caDir the CA's directory for {@code agent.ca.store: directory}; with the database store, a CA found
   *     here is moved into an empty database once
   */
  public record Agent(boolean tunnelEnabled, String bindAddress, int port, List<String> hostnames, Path caDir,
      Duration tokenTtl, Duration certificateValidity, Ca ca) {
    public Agent {
      hostnames = List.copyOf(hostnames);
    }
  }

  /**
   * Where the agent CA is kept. With {@link Store#DATABASE} its private key is encrypted with
   * {@code key} (read from a file or an environment variable, never from the config file);
   * {@code previousKeys} still open a key encrypted before a key change, which is then re-encrypted.
   */
  public record Ca(Store store, Optional<EncryptionKey> key, List<EncryptionKey> previousKeys) {
    public enum Store { DATABASE, DIRECTORY }

    public Ca {
      previousKeys = List.copyOf(previousKeys);
    }
  }

  /**
   * AWS Access (IAM grants of workloads, reverse lookup, the locked-feature probe).
   *
   * @param policyCacheTtl how long a role's identity policies are kept once read from IAM
   * @param freshness how old a shown answer may get: reads that failed are retried after it, the
   *     Pod Identity part of the ServiceAccount → role index and the capability probe are re-read
   *     after it, and the console refetches an open answer after it
   * @param maxConcurrentFetchesPerAccount roles of one AWS account read from IAM at the same time
   * @param iamProbe whether the capability check simulates the server's own IAM policy
   *     ({@code iam:SimulatePrincipalPolicy}) to name missing permissions up front
   * @param addonWriteGroups IdP groups whose members may install, update and delete EKS add-ons
   *     outside tier mode (in tier mode: tier {@code maintain} or above); key {@code aws.addons.writeGroups}
   */
  /**
   * @param sensitiveCatalogAdd catalog entries the operator adds: action → {@code category[: why]}
   * @param sensitiveCatalogSuppress built-in catalog entries the operator drops
   * @param addonWriteGroups outside tier mode, the groups that may install, update and delete EKS add-ons
   * @param fleetLookup the reverse lookup across every cluster ({@code aws.access.fleetLookup.*})
   * @param assumeRoleChainMaxDepth how many AssumeRole hops the chain view follows at most
   */
  public record AwsAccess(Duration policyCacheTtl, Duration freshness, int maxConcurrentFetchesPerAccount, boolean iamProbe,
      Map<String, String> sensitiveCatalogAdd, List<String> sensitiveCatalogSuppress, java.util.Set<String> addonWriteGroups,
      FleetLookup fleetLookup, int assumeRoleChainMaxDepth) {
    public AwsAccess {
      sensitiveCatalogAdd = Collections.unmodifiableMap(new LinkedHashMap<>(sensitiveCatalogAdd));
      sensitiveCatalogSuppress = List.copyOf(sensitiveCatalogSuppress);
      addonWriteGroups = java.util.Set.copyOf(addonWriteGroups);
    }
  }

  /**
   * @param clusterTimeout how long one cluster's part of the fleet-wide reverse lookup may take
   * @param maxConcurrentClusters clusters asked at the same time
   */
  public record FleetLookup(Duration clusterTimeout, int maxConcurrentClusters) {
    public static final FleetLookup DEFAULTS = new FleetLookup(Duration.ofSeconds(10), 8);
  }

  /**
   * Amazon Inspector v2 CVE chips and the Security tab.
   *
   * @param enabled the default of every cluster; a {@code clusters.yaml} entry's {@code inspector.enabled} overrides it
   * @param refreshInterval how often a cluster's findings are read again from Inspector
   * @param maxConcurrentCalls Inspector calls in flight at once, over all clusters
   */
  public record Inspector(boolean enabled, Duration refreshInterval, int maxConcurrentCalls) {}
}
