package io.periscope.fixfirst.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.iam.ReverseLookup;
import io.periscope.fixfirst.FixFirst;
import io.periscope.http.RequestIds;
import java.util.Optional;

/** {@code GET /api/clusters/{cluster}/fix-first[?namespace=]}: the cluster's workloads to fix first, ranked. */
public final class FixFirstRoutes {
  private FixFirstRoutes() {}

  public static void register(RoutesConfig routes, FixFirst fixFirst) {
    routes.get("/api/clusters/{cluster}/fix-first", ctx -> ctx.json(fixFirst.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx),
        ctx.pathParam("cluster"), ReverseLookup.checkNamespace(Optional.ofNullable(ctx.queryParam("namespace")).filter(s -> !s.isBlank())))));
  }
}
