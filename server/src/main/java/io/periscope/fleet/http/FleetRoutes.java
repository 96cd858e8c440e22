package io.periscope.fleet.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.fleet.FleetOverview;
import java.time.Clock;
import java.util.Map;

/** {@code GET /api/fleet}: one line per cluster, read as the person, bounded by the per-cluster time-out. */
public final class FleetRoutes {
  private FleetRoutes() {}

  public static void register(RoutesConfig routes, FleetOverview fleet, Clock clock) {
    routes.get("/api/fleet", ctx -> overview(ctx, fleet, clock));
  }

  private static void overview(Context ctx, FleetOverview fleet, Clock clock) {
    var user = CurrentUser.of(ctx);
    ctx.json(Map.of("clusters", fleet.overview(user.principal()), "generatedAt", clock.instant()));
  }
}
