package io.periscope.usage.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.usage.NodeAllocatable;
import io.periscope.usage.NodeAllocation;
import java.util.Map;

/**
 * {@code GET /api/clusters/{cluster}/nodes/allocatable}: {@code {"nodes": {name: {cpu, memory}}}},
 * each node's allocatable resources as the person may read them, for usage as a share of them.
 * {@code GET /api/clusters/{cluster}/nodes/{node}/allocation}: the CPU and memory its pods request
 * and are limited to, against its allocatable, as {@code kubectl describe node} prints them.
 */
public final class UsageRoutes {
  private UsageRoutes() {}

  public static void register(RoutesConfig routes, NodeAllocatable nodes, NodeAllocation allocation) {
    routes.get("/api/clusters/{cluster}/nodes/allocatable",
        ctx -> ctx.json(Map.of("nodes", nodes.of(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster")))));
    routes.get("/api/clusters/{cluster}/nodes/{node}/allocation",
        ctx -> ctx.json(allocation.of(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"), ctx.pathParam("node"))));
  }
}
