package io.periscope;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.periscope.agent.ca.CaLoader;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.http.AgentRoutes;
import io.periscope.agent.registration.AgentCertificateAudit;
import io.periscope.agent.registration.ClusterIdentityAudit;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.agent.registration.InMemoryRegistrationStore;
import io.periscope.agent.registration.RegistrationStore;
import io.periscope.agent.registration.SqlRegistrationStore;
import io.periscope.agent.tunnel.TunnelServer;
import io.periscope.agent.tunnel.TunnelSettings;
import io.periscope.attackpaths.AttackPathFinder;
import io.periscope.attackpaths.http.AttackPathRoutes;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.http.AuditRoutes;
import io.periscope.audit.runtime.AuditRuntime;
import io.periscope.audit.store.AuditStore;
import io.periscope.auth.IdpReadiness;
import io.periscope.auth.InMemorySessionStore;
import io.periscope.auth.OidcClient;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.SessionManager;
import io.periscope.auth.SessionStore;
import io.periscope.auth.SessionSweeper;
import io.periscope.auth.http.AuthRoutes;
import io.periscope.auth.http.SessionFilter;
import io.periscope.auth.store.SqlSessionStore;
import io.periscope.authz.IdentityResolver;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.access.ClusterAccess;
import io.periscope.aws.access.http.ClusterAccessRoutes;
import io.periscope.aws.capabilities.AwsCapabilities;
import io.periscope.aws.capabilities.http.CapabilityRoutes;
import io.periscope.aws.eks.addons.AddonWritePermission;
import io.periscope.aws.eks.addons.AddonWrites;
import io.periscope.aws.eks.addons.Addons;
import io.periscope.aws.eks.http.EksLifecycleRoutes;
import io.periscope.aws.eks.upgrade.AmiReleases;
import io.periscope.aws.eks.upgrade.ClusterNodes;
import io.periscope.aws.eks.upgrade.UpgradeReadiness;
import io.periscope.aws.iam.FleetReverseLookup;
import io.periscope.aws.iam.ClusterRolePolicies;
import io.periscope.aws.iam.ReverseLookup;
import io.periscope.aws.iam.OrganizationPolicies;
import io.periscope.aws.iam.RolePolicyCache;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.iam.chains.AssumeRoleChainProbe;
import io.periscope.aws.iam.http.AwsAccessRoutes;
import io.periscope.aws.iam.http.ResourcePolicyAndChainRoutes;
import io.periscope.aws.iam.http.ReverseLookupRoutes;
import io.periscope.aws.iam.resource.ResourcePolicyProbe;
import io.periscope.aws.iam.resource.ResourcePolicyReader;
import io.periscope.aws.iam.WorkloadRoles;
import io.periscope.aws.identity.PodIdentityAssociations;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.aws.identity.http.WorkloadIdentityRoutes;
import io.periscope.aws.inspector.InspectorApi;
import io.periscope.aws.inspector.InspectorCache;
import io.periscope.aws.inspector.InspectorFindings;
import io.periscope.aws.inspector.http.InspectorRoutes;
import io.periscope.clusters.ClusterFanOut;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClustersFile;
import io.periscope.clusters.ReachabilityProbe;
import io.periscope.clusters.http.ClusterRoutes;
import io.periscope.config.ConfigException;
import io.periscope.config.PeriscopeConfig;
import io.periscope.drain.NodeDrainPlans;
import io.periscope.drain.http.DrainRoutes;
import io.periscope.exec.ExecSettings;
import io.periscope.exec.http.ExecRoutes;
import io.periscope.fixfirst.FixFirst;
import io.periscope.fixfirst.http.FixFirstRoutes;
import io.periscope.fleet.FleetOverview;
import io.periscope.fleet.RecentOverviews;
import io.periscope.fleet.http.FleetRoutes;
import io.periscope.usage.NodeAllocatable;
import io.periscope.usage.NodeAllocation;
import io.periscope.usage.http.UsageRoutes;
import io.periscope.helm.FleetHelmReleases;
import io.periscope.images.FleetImages;
import io.periscope.images.http.ImageRoutes;
import io.periscope.helm.http.HelmRoutes;
import io.periscope.http.AccessLog;
import io.periscope.http.ErrorMapper;
import io.periscope.http.HealthRoutes;
import io.periscope.http.JsonErrorHandler;
import io.periscope.http.ObjectNamesInPaths;
import io.periscope.http.MetricsEndpoint;
import io.periscope.http.RequestIds;
import io.periscope.http.SpaAssets;
import io.periscope.http.StrictQuery;
import io.periscope.json.Json;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.k8s.NodeWithPods;
import io.periscope.karpenter.Karpenter;
import io.periscope.karpenter.NodeClassAmis;
import io.periscope.karpenter.http.KarpenterRoutes;
import io.periscope.logs.http.LogRoutes;
import io.periscope.metrics.Metrics;
import io.periscope.portforward.PortForwardSettings;
import io.periscope.portforward.PortForwards;
import io.periscope.portforward.http.PortForwardRoutes;
import io.periscope.rbac.WhoCan;
import io.periscope.rbac.http.RbacRoutes;
import io.periscope.resources.ListCache;
import io.periscope.resources.Resources;
import io.periscope.resources.http.ResourceRoutes;
import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.Database;
import io.periscope.stream.LiveStreams;
import io.periscope.stream.StreamLimits;
import io.periscope.stream.http.StreamRoutes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes the server: builds the feature services from the configuration and registers each
 * feature's routes. Holds no feature logic itself.
 */
public final class PeriscopeApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeriscopeApp.class);
  /** How long a person's fleet answer may be given again to the console's background polls (every open fleet tab polls every 30 s). */
  private static final Duration FLEET_ANSWER_TTL = Duration.ofSeconds(10);
  /** Clusters read at once for a fleet-wide list (the Helm page's releases, the running images). */
  private static final int FLEET_LIST_CONCURRENCY = 8;

  private final Javalin javalin;
  private final List<AutoCloseable> closeables;
  private final URI publicUrl;
  private final LiveStreams beforeStop;
  private final int metricsPort;
  private final ReachabilityProbe probe;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private PeriscopeApp(Javalin javalin, List<AutoCloseable> closeables, URI publicUrl, LiveStreams beforeStop, int metricsPort,
      ReachabilityProbe probe) {
    this.javalin = javalin;
    this.probe = probe;
    this.closeables = closeables;
    this.publicUrl = publicUrl;
    this.beforeStop = beforeStop;
    this.metricsPort = metricsPort;
  }

  public static Builder builder(PeriscopeConfig config) {
    return new Builder(config);
  }

  /** The port the API listens on (Javalin's own port() may name the metrics connector when there is one). */
  static int apiPort(Javalin app, int metricsPort) {
    if (metricsPort == 0) {
      return app.port();
    }
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof org.eclipse.jetty.server.ServerConnector sc && sc.getLocalPort() != metricsPort) {
        return sc.getLocalPort();
      }
    }
    return app.port();
  }

  public int port() {
    return apiPort(javalin, metricsPort);
  }

  public URI publicUrl() {
    return publicUrl;
  }

  /** The live-update streams (open streams and apiserver watches, for tests and metrics). */
  public LiveStreams liveStreams() {
    return beforeStop;
  }

  /**
   * Waits for the cluster's first reachability probe and what it starts when the cluster answered
   * (its discovery read ahead), so a test's view of the apiserver's requests begins after them.
   */
  public boolean awaitFirstProbe(String cluster, Duration timeout) throws InterruptedException {
    return probe.awaitFirstProbe(cluster, timeout);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // a second close would wait for an audit flush that can no longer happen
    }
    try {
      beforeStop.close(); // long-lived streams end first, so the HTTP server can stop at once
    } catch (Exception e) {
      log.warn("error while ending live streams", e);
    }
    javalin.stop();
    for (AutoCloseable c : closeables.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while closing {}", c.getClass().getSimpleName(), e);
      }
    }
  }

  /** Optional collaborators default to production choices; tests and the demo swap them. */
  public static final class Builder {
    private final PeriscopeConfig config;
    private Function<Optional<TunnelServer>, ClusterRegistry> clusters;
    private SessionStore sessions = new InMemorySessionStore();
    private AuditRecorder audit = event -> { };
    private Clock clock = Clock.systemUTC();
    private Duration probeInterval = Duration.ofSeconds(30);
    private Optional<AuditStore> auditStore = Optional.empty();
    private Metrics metrics = new Metrics();
    private ExecSettings execSettings = ExecSettings.DEFAULTS;
    private PortForwardSettings portForwardSettings = PortForwardSettings.DEFAULTS;
    private AwsClients aws;
    private AddonWrites.Watch addonWatch = AddonWrites.Watch.defaults();
    private RegistrationStore registrationStore;
    private boolean storageFromConfig;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Builder(PeriscopeConfig config) {
      this.config = config;
    }

    /** A registry built by the caller (tests, the demo); default: {@code clusters.file} with every backend. */
    public Builder clusters(ClusterRegistry registry) {
      this.clusters = tunnel -> registry;
      return this;
    }

    /**
     * A registry built once the agent tunnel has started (empty when {@code agent.tunnel.enabled}
     * is off), for callers whose agent connector must reach this server's tunnel.
     */
    public Builder clusters(Function<Optional<TunnelServer>, ClusterRegistry> onceTunnelStarted) {
      this.clusters = onceTunnelStarted;
      return this;
    }

    public Builder sessions(SessionStore store) {
      this.sessions = store;
      return this;
    }

    public Builder audit(AuditRecorder recorder) {
      this.audit = recorder;
      return this;
    }

    /**
     * Production storage from the configuration, opened once at {@link #start}: one database
     * (SQLite, or PostgreSQL shared by replicas) for the audit store with its sinks and recorder,
     * the session store, the agent registrations and the agent CA. Replaces any of those set before.
     */
    public Builder storageFromConfig() {
      this.storageFromConfig = true;
      return this;
    }

    /** An audit store to serve {@code /api/audit} from (tests; production uses {@link #storageFromConfig}). */
    public Builder auditStore(AuditStore store) {
      this.auditStore = Optional.of(store);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder probeInterval(Duration interval) {
      this.probeInterval = interval;
      return this;
    }

    /** Where agent registrations live (tests, the demo; production uses {@link #storageFromConfig}), also with storageFromConfig. */
    public Builder registrationStore(RegistrationStore store) {
      this.registrationStore = store;
      return this;
    }

    /**
     * AWS clients for the AWS surfaces and EKS clusters; default: the SDK default chain, AWS's
     * endpoints, this app's clock. The app closes them when it stops (also ones given here).
     */
    public Builder aws(AwsClients clients) {
      this.aws = clients;
      return this;
    }

    /** How often an accepted EKS add-on write is looked at until it ends (tests and the demo poll faster). */
    public Builder addonWatch(AddonWrites.Watch watch) {
      this.addonWatch = watch;
      return this;
    }

    public Builder execSettings(ExecSettings settings) {
      this.execSettings = settings;
      return this;
    }

    public Builder portForwardSettings(PortForwardSettings settings) {
      this.portForwardSettings = settings;
      return this;
    }

    /** Something to close after the HTTP server stops (e.g. an audit recorder to drain). */
    public Builder closeOnStop(AutoCloseable closeable) {
      closeables.add(closeable);
      return this;
    }

    /**
     * Opens storage, starts the agent tunnel, builds the cluster registry and every feature, and
     * starts listening. When any step fails, everything started before it is closed again.
     */
    public PeriscopeApp start() {
      try {
        return startAll();
      } catch (RuntimeException e) {
        closeQuietly(closeables);
        throw e;
      }
    }

    private PeriscopeApp startAll() {
      // Checked before the store is opened: a bad catalog entry or clusters.yaml stops start-up without touching anything.
      var catalog = SensitiveCatalog.customized(config.awsAccess().sensitiveCatalogAdd(), config.awsAccess().sensitiveCatalogSuppress());
      if (clusters == null) {
        ClustersFile.read(config.clusters().file());
      }
      Optional<Database> database = storageFromConfig ? Optional.of(openStorage()) : Optional.empty();
      var awsClients = aws != null ? aws : AwsClients.defaultChain(config.clusters().requestTimeout(), clock);
      closeables.add(awsClients); // closed after the registry and every feature that calls AWS
      var tunnel = startAgentTunnel(database.map(Database::dataSource).orElse(null));
      ClusterRegistry registry = clusters != null ? clusters.apply(tunnel.map(AgentTunnel::server))
          : ClusterRegistry.fromFile(config.clusters().file(),
              ClusterConnectors.defaults(config.clusters().requestTimeout(), tunnel.map(AgentTunnel::server), awsClients));
      var identities = new IdentityResolver(config.authorization());
      URI callback = config.server().publicUrl().resolve("/api/auth/callback");
      var oidc = new OidcClient(config.oidc(), callback, clock);
      var idp = IdpReadiness.start(oidc, Duration.ofSeconds(30));
      closeables.add(idp);
      var sessionManager = new SessionManager(sessions, config.sessions(), oidc, clock,
          p -> config.authorization().admits(p.groups()));
      var sessionFilter = new SessionFilter(sessionManager, identities, config.server().publicUrl());
      // Streams, followed logs and shells end with their session (re-read every 5 s for ends made by other replicas).
      var sessionChannels = new SessionChannels(sessionManager, clock, Duration.ofSeconds(5));
      closeables.add(sessionChannels);
      var probe = new ReachabilityProbe(registry, clock);
      closeables.add(probe);
      closeables.add(registry);
      var impersonating = new ImpersonatingClients(registry, identities);
      var resources = Resources.create(registry, impersonating, audit, clock,
          Resources.Settings.defaults(config.clusters().requestTimeout()).withListCache(config.listCache()));
      closeables.add(resources.listCache()); // its informers stop before the registry closes their clients
      registerListCacheMeters(resources.listCache(), metrics.registry());
      // The first page of a cluster then finds its kinds read and its list connection open.
      probe.whenReachable(resources.discovery()::warm);
      probe.whenReachable(resources.reader()::openListTransport);
      var liveStreams = new LiveStreams(impersonating, resources.discovery(), resources.apiserver(),
          new StreamLimits(config.streams().maxPerUser(), config.streams().maxTotal()));
      var trail = new AuditTrail(audit, clock);
      var workloadIdentities = new WorkloadIdentities(registry, impersonating, awsClients, trail);
      var awsAccess = config.awsAccess();
      var policyCache = new RolePolicyCache(new AwsCalls(trail), clock,
          new RolePolicyCache.Settings(awsAccess.policyCacheTtl(), awsAccess.freshness(), awsAccess.maxConcurrentFetchesPerAccount()));
      var roleIndex = new ServiceAccountRoleIndex(registry, new PodIdentityAssociations(awsClients, new AwsCalls(trail)), trail, clock,
          awsAccess.freshness());
      closeables.add(roleIndex); // its ServiceAccount watches stop before the registry closes their clients
      var addonWrites = new AddonWrites(awsClients, trail, new AddonWritePermission(awsAccess.addonWriteGroups()), addonWatch);
      closeables.add(addonWrites);
      var portForwards = new PortForwards(impersonating, audit, sessionChannels, clock, portForwardSettings);
      closeables.add(portForwards); // open forwards end (and are audited) before the audit runtime drains
      var inspector = new InspectorCache(registry, new InspectorApi(awsClients), clock, config.inspector()).start(Duration.ofSeconds(30));
      closeables.add(inspector); // its pod watches stop before the registry closes their clients

      Javalin app = Javalin.create(cfg -> {
        configureServer(cfg);
        var routes = cfg.routes;
        AccessLog.registerStart(routes);
        MetricsEndpoint.register(routes, metrics, config.server().metricsPort()); // before the session filter: its port guard runs first
        // No API answer is cached anywhere: several carry tokens or secrets (logout's id_token_hint, reveals).
        routes.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
        routes.before("/api/*", StrictQuery::check);
        routes.before("/api/*", sessionFilter::handle);
        routes.beforeMatched("/api/*", ObjectNamesInPaths::check);
        // Javalin runs no HTTP before-handlers for WebSocket upgrades: authenticate those here.
        routes.wsBeforeUpgrade("/api/*", ctx -> {
          RequestIds.assign(ctx);
          sessionFilter.handle(ctx);
        });
        var denials = new io.periscope.rbac.denial.DenialExplainer(identities);
        ErrorMapper.register(routes, denials,
            ctx -> io.periscope.auth.http.CurrentUser.find(ctx).map(io.periscope.auth.AuthenticatedUser::principal));
        io.periscope.authz.http.ServerIdentityReads.register(routes, identities);
        HealthRoutes.register(routes, () -> Stream.concat(registry.lastError().map(e -> "clusters.yaml: " + e).stream(),
            idp.problem().map(p -> "identity provider: " + p).stream()).toList());
        AuthRoutes.register(routes, sessionManager, audit, config.server().publicUrl(), clock);
        ClusterRoutes.register(routes, registry, probe, impersonating);
        auditStore.ifPresent(store -> AuditRoutes.register(routes, store, audit, clock));
        ResourceRoutes.register(routes, resources);
        StreamRoutes.register(routes, liveStreams, sessionChannels, config.streams().heartbeatInterval());
        var fleetOverview = new FleetOverview(registry, impersonating, resources.apiserver(), config.clusters().requestTimeout(),
            resources.discovery(), resources.listCache());
        FleetRoutes.register(routes, new RecentOverviews(fleetOverview::overview, clock, FLEET_ANSWER_TTL), fleetOverview);
        // A cluster's release list is one or two apiserver lists plus decoding: the request time-out and some.
        HelmRoutes.register(routes, impersonating, audit, clock, new FleetHelmReleases(registry, impersonating, trail,
            new ClusterFanOut.Settings(config.clusters().requestTimeout().plusSeconds(5), FLEET_LIST_CONCURRENCY)), resources.discovery(), resources.reader());
        // Every pod of a cluster, read as a stream: the request time-out and some, as for Helm's lists.
        ImageRoutes.register(routes, new FleetImages(registry, impersonating, resources.apiserver(),
            new ClusterFanOut.Settings(config.clusters().requestTimeout().plusSeconds(5), FLEET_LIST_CONCURRENCY), inspector), clock);
        var nodesWithPods = new NodeWithPods(impersonating, resources.apiserver());
        UsageRoutes.register(routes, new NodeAllocatable(impersonating, resources.apiserver()), new NodeAllocation(nodesWithPods));
        DrainRoutes.register(routes, new NodeDrainPlans(nodesWithPods, impersonating, resources.apiserver()));
        KarpenterRoutes.register(routes, new Karpenter(impersonating, resources.discovery(), resources.apiserver(), clock));
        AgentRoutes.register(routes, tunnel.map(AgentTunnel::registrations).orElse(null), tunnel.map(AgentTunnel::server),
            registry, audit, clock);
        LogRoutes.register(routes, impersonating, audit, sessionChannels, clock);
        WorkloadIdentityRoutes.register(routes, workloadIdentities);
        var workloadRoles = new WorkloadRoles(registry, workloadIdentities, awsClients, trail, policyCache);
        AwsAccessRoutes.register(routes, new WorkloadPermissions(workloadRoles, catalog, clock,
            new OrganizationPolicies(new AwsCalls(trail), clock, awsAccess.policyCacheTtl(), awsAccess.freshness())), catalog);
        var rolePolicies = new ClusterRolePolicies(registry, awsClients, policyCache);
        var reverseLookup = new ReverseLookup(impersonating, roleIndex, rolePolicies, trail, clock);
        ReverseLookupRoutes.register(routes, reverseLookup, new FleetReverseLookup(registry, reverseLookup, new ClusterFanOut.Settings(
            awsAccess.fleetLookup().clusterTimeout(), awsAccess.fleetLookup().maxConcurrentClusters())));
        ResourcePolicyAndChainRoutes.register(routes,
            new ResourcePolicyProbe(workloadRoles, new ResourcePolicyReader(awsClients, new AwsCalls(trail)), catalog),
            new AssumeRoleChainProbe(workloadRoles, new AwsCalls(trail), catalog, awsAccess.assumeRoleChainMaxDepth()));
        ClusterAccessRoutes.register(routes, new ClusterAccess(registry, impersonating, roleIndex, rolePolicies, awsClients, trail, clock));
        InspectorRoutes.register(routes, new InspectorFindings(impersonating, resources.reviews(), inspector, trail));
        FixFirstRoutes.register(routes, new FixFirst(registry, impersonating, inspector, roleIndex, rolePolicies, catalog, trail, clock));
        CapabilityRoutes.register(routes, new AwsCapabilities(registry, awsClients, trail, clock, awsAccess.freshness(), awsAccess.iamProbe()));
        EksLifecycleRoutes.register(routes, registry, new Addons(awsClients, new AwsCalls(trail)), addonWrites,
            new UpgradeReadiness(awsClients, new AwsCalls(trail), new AmiReleases(clock, awsAccess.freshness()),
                new ClusterNodes(impersonating, resources.apiserver()),
                new NodeClassAmis(impersonating, resources.discovery(), resources.apiserver())));
        closeables.add(ExecRoutes.register(routes, impersonating, audit, sessionChannels, clock, execSettings, config.server().publicUrl(),
            denials));
        RbacRoutes.register(routes, new WhoCan(impersonating, resources.apiserver()));
        AttackPathRoutes.register(routes, new AttackPathFinder(impersonating, resources.apiserver(), roleIndex, rolePolicies, catalog, trail, clock));
        PortForwardRoutes.register(routes, portForwards);
        SpaAssets.register(routes);
        AccessLog.registerEnd(routes, metrics);
      });
      try {
        app.start();
        probe.start(probeInterval);
        closeables.add(SessionSweeper.start(sessions, config.sessions().idleTimeout(), Duration.ofMinutes(5), clock));
        registry.start(config.clusters().rescanInterval());
      } catch (RuntimeException e) {
        app.stop();
        throw e;
      }
      int port = apiPort(app, config.server().metricsPort());
      URI publicUrl = config.server().port() == 0
          ? URI.create(config.server().publicUrl().getScheme() + "://" + config.server().publicUrl().getHost() + ":" + port)
          : config.server().publicUrl();
      log.info("Periscope listening on {}:{} (public URL {}, authorization mode {}{}, {} clusters)",
          config.server().bindAddress(), port, publicUrl, config.authorization().mode().wireName(),
          config.authorization().impersonates() ? "" : " as the server's own identity, no impersonation", registry.clusters().size());
      return new PeriscopeApp(app, List.copyOf(closeables), publicUrl, liveStreams, config.server().metricsPort(), probe);
    }

    private void configureServer(io.javalin.config.JavalinConfig cfg) {
      cfg.startup.showJavalinBanner = false;
      cfg.concurrency.useVirtualThreads = true;
      cfg.jetty.host = config.server().bindAddress();
      cfg.jetty.port = config.server().port();
      cfg.jsonMapper(new JavalinJackson(Json.mapper(), true));
      cfg.http.maxRequestSize = 2L * 1024 * 1024;
      cfg.http.prefer405over404 = true;
      if (config.server().metricsPort() != 0) {
        // Javalin opens no default connector once one is added: add the API's, then the metrics one.
        for (int port : new int[] {config.server().port(), config.server().metricsPort()}) {
          cfg.jetty.addConnector((server, http) -> {
            var connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.server().bindAddress());
            connector.setPort(port);
            return connector;
          });
        }
      }
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    /** Opens the one database and puts the audit runtime, sessions and agent registrations on it. */
    private Database openStorage() {
      var storage = config.storage();
      var key = storage.key().orElseThrow(() -> new ConfigException("storage.keyFile", "required: the session store keeps the IdP's"
          + " tokens sealed with this key, so name a file holding a base64-encoded 256-bit key (e.g. from 'openssl rand -base64 32',"
          + " mounted from a Secret), or set storage.keyEnv to the name of an environment variable holding it"));
      Database database = switch (storage.backend()) {
        case SQLITE -> Database.sqlite(storage.sqlitePath());
        case POSTGRES -> Database.postgres(storage.postgresUrl(), storage.postgresUser(), storage.postgresPassword());
      };
      // Closed last (closeables close in reverse order), after everything that writes to it.
      closeables.add(database);
      var runtime = AuditRuntime.start(config.audit(), database, metrics.registry(), System.out, clock);
      // Closed after the HTTP server stops, so the last requests' audit events are drained first.
      closeables.add(runtime);
      this.audit = runtime.recorder();
      this.auditStore = Optional.of(runtime.store());
      this.sessions = new SqlSessionStore(database.dataSource(), new AtRestEncryption(key, storage.previousKeys()));
      if (registrationStore == null) {
        // One given to the builder wins (the demo keeps its agent registrations, and so its agent's cluster
        // identity, in memory with its fresh CA and fleet).
        registrationStore = new SqlRegistrationStore(database.dataSource());
      }
      return database;
    }

    /** The started tunnel port and the registrations it admits agents by. */
    private record AgentTunnel(TunnelServer server, AgentRegistrations registrations) {}

    /** Starts the agent tunnel port when enabled. */
    private Optional<AgentTunnel> startAgentTunnel(javax.sql.DataSource database) {
      var settings = config.agent();
      if (!settings.tunnelEnabled()) {
        return Optional.empty();
      }
      var store = registrationStore;
      if (store == null) {
        log.warn("agent registrations are kept in memory: revocations are lost on restart (use storageFromConfig)");
        store = new InMemoryRegistrationStore();
      }
      CertificateAuthority ca = CaLoader.load(settings, database, clock, closeables);
      var registrations = new AgentRegistrations(ca, store, clock, settings.tokenTtl(), settings.certificateValidity());
      var certificateAudit = new AgentCertificateAudit(audit, clock);
      registrations.onRenewal(certificateAudit::renewal);
      registrations.onRegistration(certificateAudit::registration);
      registrations.identities().onDecision(new ClusterIdentityAudit(audit, clock)::decision);
      var tunnelServer = TunnelServer.start(new TunnelSettings(
          settings.bindAddress(), settings.port(), settings.hostnames(), Duration.ofSeconds(5), Duration.ofSeconds(30)),
          registrations, clock);
      // Closed before the storage it reads revocations from (closeables close in reverse order).
      closeables.add(tunnelServer);
      return Optional.of(new AgentTunnel(tunnelServer, registrations));
    }

    private static void closeQuietly(List<AutoCloseable> opened) {
      for (AutoCloseable c : opened.reversed()) {
        try {
          c.close();
        } catch (Exception e) {
          log.warn("error while closing {} after a failed start", c.getClass().getSimpleName(), e);
        }
      }
      opened.clear();
    }
  }

  /** What the list cache holds and serves, so its memory is visible before it matters (docs/list-cache.md). */
  private static void registerListCacheMeters(ListCache cache, io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder("periscope.list.cache.objects", cache,
        ListCache::objects).description("objects held by the list cache").register(registry);
    io.micrometer.core.instrument.Gauge.builder("periscope.list.cache.bytes", cache,
        ListCache::bytes).description("JSON bytes held by the list cache").baseUnit("bytes")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("periscope.list.cache.served", cache, ListCache::served)
        .description("lists answered from the list cache").register(registry);
  }
}
