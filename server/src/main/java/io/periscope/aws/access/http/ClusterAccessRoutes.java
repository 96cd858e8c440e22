package io.periscope.aws.access.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.access.ClusterAccess;
import io.periscope.http.RequestIds;

/**
 * {@code GET /api/clusters/{cluster}/aws/cluster-access}: the cluster's access entries and
 * aws-auth reconciled per IAM principal, its ServiceAccount → IAM role index and the findings;
 * {@code POST .../cluster-access/refresh}: the same after rebuilding the index and re-reading its IRSA roles.
 */
public final class ClusterAccessRoutes {
  private ClusterAccessRoutes() {}

  public static void register(RoutesConfig routes, ClusterAccess access) {
    routes.get("/api/clusters/{cluster}/aws/cluster-access", ctx ->
        ctx.json(access.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("cluster"))));
    routes.post("/api/clusters/{cluster}/aws/cluster-access/refresh", ctx ->
        ctx.json(access.refresh(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("cluster"))));
  }
}
