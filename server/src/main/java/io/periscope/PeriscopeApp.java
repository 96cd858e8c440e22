package io.periscope;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.periscope.agent.http.AgentRoutes;
import io.periscope.agent.registration.AgentRegistrations;
import io.periscope.audit.AuditRecorder;
import io.periscope.auth.InMemorySessionStore;
import io.periscope.auth.OidcClient;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.SessionManager;
import io.periscope.auth.SessionStore;
import io.periscope.auth.http.AuthRoutes;
import io.periscope.auth.http.SessionFilter;
import io.periscope.authz.IdentityResolver;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ReachabilityProbe;
import io.periscope.clusters.http.ClusterRoutes;
import io.periscope.config.PeriscopeConfig;
import io.periscope.exec.ExecSettings;
import io.periscope.exec.http.ExecRoutes;
import io.periscope.fleet.FleetOverview;
import io.periscope.fleet.http.FleetRoutes;
import io.periscope.health.HealthRoutes;
import io.periscope.helm.http.HelmRoutes;
import io.periscope.http.ErrorMapper;
import io.periscope.http.RequestIds;
import io.periscope.http.SecurityHeaders;
import io.periscope.http.SpaAssets;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.logs.http.LogRoutes;
import io.periscope.metrics.Metrics;
import io.periscope.resources.Resources;
import io.periscope.resources.http.ResourceRoutes;
import io.periscope.stream.LiveStreams;
import io.periscope.stream.StreamLimits;
import io.periscope.stream.http.StreamRoutes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Composes the server: builds the feature services from the configuration and registers each
 * feature's routes. Holds no feature logic itself.
 */
public final class PeriscopeApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeriscopeApp.class);
  private static final String START_NANOS = "periscope.startNanos";

  private final Javalin javalin;
  private final List<AutoCloseable> closeables;
  private final URI publicUrl;
  private final LiveStreams beforeStop;
  private final int metricsPort;

  private PeriscopeApp(Javalin javalin, List<AutoCloseable> closeables, URI publicUrl, LiveStreams beforeStop, int metricsPort) {
    this.javalin = javalin;
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

  @Override
  public void close() {
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
    private ClusterRegistry clusters;
    private SessionStore sessions = new InMemorySessionStore();
    private AuditRecorder audit = event -> { };
    private Clock clock = Clock.systemUTC();
    private Duration probeInterval = Duration.ofSeconds(30);
    private java.util.Optional<io.periscope.audit.store.AuditStore> auditStore = java.util.Optional.empty();
    private Metrics metrics = new Metrics();
    private ExecSettings execSettings = ExecSettings.DEFAULTS;
    private io.periscope.aws.AwsClients aws;
    private io.periscope.agent.tunnel.TunnelHandle agentTunnel = new io.periscope.agent.tunnel.TunnelHandle();
    private io.periscope.agent.registration.RegistrationStore registrationStore;
    private javax.sql.DataSource database;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Builder(PeriscopeConfig config) {
      this.config = config;
    }

    public Builder clusters(ClusterRegistry registry) {
      this.clusters = registry;
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
     * Production storage from the configuration: the audit store, its sinks and recorder, and the
     * session store, agent registrations and agent CA on the same database (SQLite, or PostgreSQL
     * shared by replicas).
     */
    public Builder storageFromConfig() {
      var runtime = io.periscope.audit.runtime.AuditRuntime.start(config.audit(), config.storage(), metrics.registry(), System.out, clock);
      this.audit = runtime.recorder();
      this.auditStore = java.util.Optional.of(runtime.store());
      this.sessions = new io.periscope.auth.store.SqlSessionStore(runtime.dataSource());
      this.registrationStore = new io.periscope.agent.registration.SqlRegistrationStore(runtime.dataSource());
      this.database = runtime.dataSource();
      // Closed after the HTTP server stops, so the last requests' audit events are drained first.
      closeables.add(runtime);
      return this;
    }

    /** An audit store to serve {@code /api/audit} from (tests; production uses {@link #storageFromConfig}). */
    public Builder auditStore(io.periscope.audit.store.AuditStore store) {
      this.auditStore = java.util.Optional.of(store);
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

    /**
     * The handle the agent connector of {@link #clusters} reads; filled with the tunnel server when
     * {@code agent.tunnel.enabled} is set.
     */
    public Builder agentTunnel(io.periscope.agent.tunnel.TunnelHandle handle) {
      this.agentTunnel = handle;
      return this;
    }

    /** Where agent registrations live (tests; production uses {@link #storageFromConfig}). */
    public Builder registrationStore(io.periscope.agent.registration.RegistrationStore store) {
      this.registrationStore = store;
      return this;
    }

    /** AWS clients for the AWS surfaces; default: the SDK default chain, AWS's endpoints, this app's clock. */
    public Builder aws(io.periscope.aws.AwsClients clients) {
      this.aws = clients;
      return this;
    }

    public Builder execSettings(ExecSettings settings) {
      this.execSettings = settings;
      return this;
    }

    /** Something to close after the HTTP server stops (e.g. an audit recorder to drain). */
    public Builder closeOnStop(AutoCloseable closeable) {
      closeables.add(closeable);
      return this;
    }

    public PeriscopeApp start() {
      if (clusters == null) {
        throw new IllegalStateException("a cluster registry is required");
      }
      var identities = new IdentityResolver(config.authorization());
      URI callback = config.server().publicUrl().resolve("/api/auth/callback");
      var oidc = new OidcClient(config.oidc(), callback, clock);
      var sessionManager = new SessionManager(sessions, config.sessions(), oidc, clock);
      var sessionFilter = new SessionFilter(sessionManager, identities, config.server().publicUrl());
      // Streams, followed logs and shells end with their session (re-read every 5 s for ends made by other replicas).
      var sessionChannels = new SessionChannels(sessionManager, clock, java.time.Duration.ofSeconds(5));
      closeables.add(sessionChannels);
      var probe = new ReachabilityProbe(clusters, clock);
      var impersonating = new ImpersonatingClients(clusters, identities);
      var resources = Resources.create(clusters, impersonating, audit, clock, Resources.Settings.defaults(config.clusters().requestTimeout()));
      var agentRegistrations = startAgentTunnel();
      var liveStreams = new LiveStreams(impersonating, resources.discovery(), resources.apiserver(),
          new StreamLimits(config.streams().maxPerUser(), config.streams().maxTotal()));

      Javalin app = Javalin.create(cfg -> {
        cfg.startup.showJavalinBanner = false;
        cfg.concurrency.useVirtualThreads = true;
        cfg.jetty.host = config.server().bindAddress();
        cfg.jetty.port = config.server().port();
        cfg.jsonMapper(new io.javalin.json.JavalinJackson(io.periscope.json.Json.mapper(), true));
        cfg.http.maxRequestSize = 2L * 1024 * 1024;
        cfg.http.prefer405over404 = true;
        if (config.server().metricsPort() != 0) {
          // Javalin opens no default connector once one is added: add the API's, then the metrics one.
          for (int port : new int[] {config.server().port(), config.server().metricsPort()}) {
            cfg.jetty.addConnector((server, http) -> {
              var connector = new org.eclipse.jetty.server.ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
              connector.setHost(config.server().bindAddress());
              connector.setPort(port);
              return connector;
            });
          }
        }
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new io.periscope.http.JsonErrorHandler()));
        var routes = cfg.routes;
        routes.before(ctx -> {
          ctx.attribute(START_NANOS, System.nanoTime());
          MDC.put("requestId", RequestIds.assign(ctx));
          SecurityHeaders.apply(ctx);
        });
        metrics.register(routes, config.server().metricsPort()); // first: its port guard runs before the session filter
        // No API answer is cached anywhere: several carry tokens or secrets (logout's id_token_hint, reveals).
        routes.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
        routes.before("/api/*", io.periscope.http.StrictQuery::check);
        routes.before("/api/*", sessionFilter::handle);
        // Javalin runs no HTTP before-handlers for WebSocket upgrades: authenticate those here.
        routes.wsBeforeUpgrade("/api/*", ctx -> {
          RequestIds.assign(ctx);
          sessionFilter.handle(ctx);
        });
        ErrorMapper.register(routes);
        HealthRoutes.register(routes, () -> clusters.lastError().map(e -> List.of("clusters.yaml: " + e)).orElse(List.of()));
        AuthRoutes.register(routes, sessionManager, audit, config.server().publicUrl(), clock);
        ClusterRoutes.register(routes, clusters, probe, impersonating);
        auditStore.ifPresent(store -> io.periscope.audit.http.AuditRoutes.register(routes, store, audit, clock));
        ResourceRoutes.register(routes, resources);
        StreamRoutes.register(routes, liveStreams, sessionChannels, config.streams().heartbeatInterval());
        FleetRoutes.register(routes, new FleetOverview(clusters, impersonating, resources.apiserver(), config.clusters().requestTimeout()), clock);
        HelmRoutes.register(routes, impersonating, audit, clock);
        AgentRoutes.register(routes, agentRegistrations, agentTunnel, clusters, audit, clock);
        LogRoutes.register(routes, impersonating, audit, sessionChannels, clock);
        var awsClients = aws != null ? aws : io.periscope.aws.AwsClients.defaultChain(config.clusters().requestTimeout(), clock);
        var trail = new io.periscope.audit.AuditTrail(audit, clock);
        var workloadIdentities = new io.periscope.aws.identity.WorkloadIdentities(clusters, impersonating, awsClients, trail);
        io.periscope.aws.identity.http.WorkloadIdentityRoutes.register(routes, workloadIdentities);
        io.periscope.aws.iam.http.AwsAccessRoutes.register(routes,
            new io.periscope.aws.iam.WorkloadPermissions(clusters, workloadIdentities, awsClients, trail));
        closeables.add(ExecRoutes.register(routes, impersonating, audit, sessionChannels, clock, execSettings, config.server().publicUrl()));
        SpaAssets.register(routes);
        routes.after(ctx -> logRequest(ctx, metrics));
      });
      app.start();
      probe.start(probeInterval);
      var sessionSweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("session-sweeper").daemon().factory());
      sessionSweeper.scheduleWithFixedDelay(() -> {
        try {
          sessions.deleteExpired(clock.instant(), config.sessions().idleTimeout());
        } catch (RuntimeException e) {
          log.warn("expired-session sweep failed: {}", e.getMessage());
        }
      }, 5, 5, java.util.concurrent.TimeUnit.MINUTES);
      closeables.add(sessionSweeper::shutdownNow);
      clusters.start(config.clusters().rescanInterval());
      closeables.add(probe);
      closeables.add(clusters);
      URI publicUrl = config.server().port() == 0
          ? URI.create(config.server().publicUrl().getScheme() + "://" + config.server().publicUrl().getHost() + ":"
              + apiPort(app, config.server().metricsPort()))
          : config.server().publicUrl();
      log.info("Periscope listening on {}:{} (public URL {}, authorization mode {}, {} clusters)",
          config.server().bindAddress(), apiPort(app, config.server().metricsPort()), publicUrl, config.authorization().mode().wireName(), clusters.clusters().size());
      return new PeriscopeApp(app, List.copyOf(closeables), publicUrl, liveStreams, config.server().metricsPort());
    }

    /** Starts the agent tunnel port when enabled; @return its registrations, or null when it is off */
    private AgentRegistrations startAgentTunnel() {
      var settings = config.agent();
      if (!settings.tunnelEnabled()) {
        return null;
      }
      var store = registrationStore;
      if (store == null) {
        log.warn("agent registrations are kept in memory: revocations are lost on restart (use storageFromConfig)");
        store = new io.periscope.agent.registration.InMemoryRegistrationStore();
      }
      io.periscope.agent.ca.CertificateAuthority ca;
      try {
        ca = io.periscope.agent.ca.CaLoader.load(settings, database, clock, closeables);
      } catch (RuntimeException e) {
        // Nothing listens yet: release the storage opened so far, then fail the start.
        closeQuietly(closeables);
        throw e;
      }
      var registrations = new AgentRegistrations(ca, store, clock, settings.tokenTtl(), settings.certificateValidity());
      var certificateAudit = new io.periscope.agent.registration.AgentCertificateAudit(audit, clock);
      registrations.onRenewal(certificateAudit::renewal);
      registrations.onRegistration(certificateAudit::registration);
      var tunnelServer = io.periscope.agent.tunnel.TunnelServer.start(new io.periscope.agent.tunnel.TunnelSettings(
          settings.bindAddress(), settings.port(), settings.hostnames(), Duration.ofSeconds(5), Duration.ofSeconds(30)),
          registrations, clock);
      agentTunnel.set(tunnelServer);
      // Closed before the storage it reads revocations from (closeables close in reverse order).
      closeables.add(tunnelServer);
      return registrations;
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

    private static void logRequest(Context ctx, Metrics metrics) {
      Long start = ctx.attribute(START_NANOS);
      long nanos = start == null ? 0 : System.nanoTime() - start;
      var matched = ctx.endpoints().matchedHttpEndpoint();
      String route = matched == null ? "unmatched" : matched.path;
      metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), nanos);
      // Path only: query strings can carry OIDC codes and state.
      if (!route.equals("/healthz") && !route.equals("/readyz") && !route.equals("/metrics")) {
        log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000);
      }
      MDC.remove("requestId");
    }
  }
}
