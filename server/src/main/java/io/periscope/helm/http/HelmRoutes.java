package io.periscope.helm.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.http.CurrentUser;
import io.periscope.helm.FleetHelmReleases;
import io.periscope.helm.HelmRelease;
import io.periscope.helm.HelmReleases;
import io.periscope.helm.ReleaseDrift;
import io.periscope.helm.Values;
import io.periscope.http.RequestIds;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import io.periscope.resources.Discovery;
import io.periscope.resources.ResourceReader;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Helm release browser's read routes. Every route is audited as {@code helm_read} (success,
 * denied with the apiserver's reason, or failure) with {@code extra.view} naming what was read,
 * because each one discloses release storage payloads (values can hold credentials).
 */
public final class HelmRoutes {
  private static final String BASE = "/api/clusters/{cluster}/helm/releases";
  private static final String RELEASE = BASE + "/{namespace}/{name}";

  private final ImpersonatingClients clients;
  private final AuditTrail trail;
  private final Discovery discovery;
  private final ResourceReader reader;
  private final Clock clock;

  private HelmRoutes(ImpersonatingClients clients, AuditRecorder audit, Clock clock, Discovery discovery, ResourceReader reader) {
    this.clients = clients;
    this.trail = new AuditTrail(audit, clock);
    this.discovery = discovery;
    this.reader = reader;
    this.clock = clock;
  }

  /**
   * @param fleet every cluster's release list at once ({@code GET /api/helm/releases})
   * @param discovery, reader how a release's objects are read live (its drift)
   */
  public static void register(RoutesConfig routes, ImpersonatingClients clients, AuditRecorder audit, Clock clock, FleetHelmReleases fleet,
      Discovery discovery, ResourceReader reader) {
    var r = new HelmRoutes(clients, audit, clock, discovery, reader);
    routes.get("/api/helm/releases", ctx -> ctx.json(fleet.list(CurrentUser.of(ctx).principal(), RequestIds.of(ctx))));
    routes.get(BASE, ctx -> r.read(ctx, "list", c -> HelmReleases.list(c, optionalQuery(ctx, "namespace"))));
    routes.get(RELEASE, ctx -> r.read(ctx, "get", c -> HelmReleaseView.of(release(ctx, c, Optional.empty()))));
    routes.get(RELEASE + "/history", ctx -> r.read(ctx, "history",
        c -> Map.of("revisions", HelmReleases.history(c, ctx.pathParam("namespace"), ctx.pathParam("name")))));
    routes.get(RELEASE + "/revisions/{revision}", ctx -> r.read(ctx, "get",
        c -> HelmReleaseView.of(release(ctx, c, revision(ctx.pathParam("revision"))))));
    routes.get(RELEASE + "/revisions/{revision}/values", ctx -> r.read(ctx, "values",
        c -> Values.of(release(ctx, c, revision(ctx.pathParam("revision"))))));
    routes.get(RELEASE + "/revisions/{revision}/manifest", ctx -> r.read(ctx, "manifest", c -> {
      HelmRelease rel = release(ctx, c, revision(ctx.pathParam("revision")));
      return Map.of("revision", rel.revision(), "manifest", rel.manifest());
    }));
    routes.get(RELEASE + "/revisions/{revision}/notes", ctx -> r.read(ctx, "notes", c -> {
      HelmRelease rel = release(ctx, c, revision(ctx.pathParam("revision")));
      return Map.of("revision", rel.revision(), "notes", rel.notes());
    }));
    routes.get(RELEASE + "/drift", ctx -> r.read(ctx, "drift", c -> ReleaseDrift.of(HelmReleases.deployed(c, ctx.pathParam("namespace"), ctx.pathParam("name")),
        new LiveManifestObjects(r.discovery, r.reader, ctx.pathParam("cluster"), CurrentUser.of(ctx).principal()), r.clock.instant())));
    routes.get(RELEASE + "/diff", ctx -> r.read(ctx, "diff", c -> HelmReleases.diff(c, ctx.pathParam("namespace"),
        ctx.pathParam("name"), requiredRevision(ctx, "from"), requiredRevision(ctx, "to"))));
  }

  /** Every Helm read is audited as {@code helm_read}, refusals (apiserver 403, no identity) as {@code denied}. */
  private void read(Context ctx, String view, Function<KubernetesClient, Object> query) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    String cluster = ctx.pathParam("cluster");
    String namespace = ctx.pathParamMap().getOrDefault("namespace", optionalQuery(ctx, "namespace").orElse(""));
    String name = ctx.pathParamMap().getOrDefault("name", "");
    var action = new AuditTrail.Action(AuditTrail.actor(user.principal()), RequestIds.of(ctx), Verb.HELM_READ,
        new AuditEvent.Target(cluster, namespace, "helmreleases", name), Map.of("view", view));
    ctx.json(trail.run(action, () -> query.apply(clients.forUser(cluster, user.principal()))));
  }

  private static HelmRelease release(Context ctx, KubernetesClient c, Optional<Integer> revision) {
    return HelmReleases.get(c, ctx.pathParam("namespace"), ctx.pathParam("name"), revision);
  }

  /** {@code latest} or a positive revision number. */
  static Optional<Integer> revision(String raw) {
    if (raw.equals("latest")) {
      return Optional.empty();
    }
    return Optional.of(positive("revision", raw));
  }

  private static int requiredRevision(Context ctx, String param) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isBlank()) {
      throw Problem.badRequest("query parameter '" + param + "' (a revision number) is required");
    }
    return positive(param, raw);
  }

  private static int positive(String what, String raw) {
    try {
      int n = Integer.parseInt(raw);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw Problem.badRequest(what + " must be a positive whole number (or 'latest' in the path), got '" + raw + "'");
  }

  private static Optional<String> optionalQuery(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isBlank());
  }
}
