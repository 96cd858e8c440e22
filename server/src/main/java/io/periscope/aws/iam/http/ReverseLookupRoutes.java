package io.periscope.aws.iam.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.iam.FleetReverseLookup;
import io.periscope.aws.iam.ReverseLookup;
import io.periscope.http.RequestIds;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/clusters/{cluster}/aws/reverse-lookup?action=A[&resource=ARN][&namespace=NS]}:
 * the pods the person may list whose role grants the action; {@code POST .../reverse-lookup/refresh[?namespace=NS]}:
 * rebuild the cluster's ServiceAccount → role index and read its roles' policies afresh;
 * {@code GET /api/aws/reverse-lookup?action=A[&resource=ARN][&namespace=NS]}: the same question on
 * every cluster, with each cluster's status.
 */
public final class ReverseLookupRoutes {
  private ReverseLookupRoutes() {}

  public static void register(RoutesConfig routes, ReverseLookup lookup, FleetReverseLookup fleet) {
    routes.get("/api/clusters/{cluster}/aws/reverse-lookup", ctx -> {
      var query = new ReverseLookup.Query(ctx.pathParam("cluster"), ctx.queryParam("action"), param(ctx, "resource"), param(ctx, "namespace"));
      ctx.json(lookup.lookup(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), query));
    });
    routes.post("/api/clusters/{cluster}/aws/reverse-lookup/refresh", ctx -> {
      var namespace = ReverseLookup.checkNamespace(param(ctx, "namespace"));
      ctx.json(Map.of("rolesRefreshed", lookup.refresh(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("cluster"), namespace)));
    });
    routes.get("/api/aws/reverse-lookup", ctx -> {
      var query = new FleetReverseLookup.Query(ctx.queryParam("action"), param(ctx, "resource"), param(ctx, "namespace"));
      ctx.json(fleet.lookup(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), query));
    });
  }

  private static Optional<String> param(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isEmpty());
  }
}
