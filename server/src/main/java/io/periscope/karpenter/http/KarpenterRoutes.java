package io.periscope.karpenter.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.karpenter.Karpenter;

/** {@code GET /api/clusters/{cluster}/karpenter}: NodePools, NodeClaims and pending pods, read as the person. */
public final class KarpenterRoutes {
  private KarpenterRoutes() {}

  public static void register(RoutesConfig routes, Karpenter karpenter) {
    routes.get("/api/clusters/{cluster}/karpenter", ctx ->
        ctx.json(karpenter.overview(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"))));
  }
}
