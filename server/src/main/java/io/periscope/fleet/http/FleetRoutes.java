package io.periscope.fleet.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.auth.http.SessionFilter;
import io.periscope.fleet.FleetOverview;
import io.periscope.fleet.RecentOverviews;
import java.util.Map;

/**
 * {@code GET /api/fleet}: one line per cluster, read as the person, bounded by the per-cluster
 * time-out; the console's background polls may be given the person's answer of the last few
 * seconds ({@link RecentOverviews}). {@code GET /api/clusters/{cluster}/health}: that cluster's
 * line alone, for its overview page (asking every cluster to show one would not scale with the fleet).
 */
public final class FleetRoutes {
  private FleetRoutes() {}

  public static void register(RoutesConfig routes, RecentOverviews fleet, FleetOverview clusters) {
    routes.get("/api/fleet", ctx -> overview(ctx, fleet));
    routes.get("/api/clusters/{cluster}/health", ctx -> ctx.json(clusters.of(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"))));
  }

  private static void overview(Context ctx, RecentOverviews fleet) {
    boolean background = "1".equals(ctx.header(SessionFilter.BACKGROUND_HEADER));
    var answer = fleet.overview(CurrentUser.of(ctx).principal(), background);
    ctx.json(Map.of("clusters", answer.clusters(), "generatedAt", answer.generatedAt()));
  }
}
