package io.periscope.drain.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.drain.NodeDrainPlans;

/**
 * {@code GET /api/clusters/{cluster}/nodes/{node}/drain-plan}: what a drain would do to each pod on
 * the node ({@link io.periscope.drain.DrainPlan}), read as the person. Reading it changes nothing.
 */
public final class DrainRoutes {
  private DrainRoutes() {}

  public static void register(RoutesConfig routes, NodeDrainPlans plans) {
    routes.get("/api/clusters/{cluster}/nodes/{node}/drain-plan",
        ctx -> ctx.json(plans.of(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"), ctx.pathParam("node"))));
  }
}
