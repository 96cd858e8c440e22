package io.periscope.usage.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.usage.NodeAllocatable;
import java.util.Map;

/**
 * {@code GET /api/clusters/{cluster}/nodes/allocatable}: {@code {"nodes": {name: {cpu, memory}}}},
 * each node's allocatable resources as the person may read them, for usage as a share of them.
 */
public final class UsageRoutes {
  private UsageRoutes() {}

  public static void register(RoutesConfig routes, NodeAllocatable nodes) {
    routes.get("/api/clusters/{cluster}/nodes/allocatable",
        ctx -> ctx.json(Map.of("nodes", nodes.of(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster")))));
  }
}
