package io.periscope.attackpaths.http;

import io.javalin.config.RoutesConfig;
import io.periscope.attackpaths.AttackPathFinder;
import io.periscope.attackpaths.AttackPathQuery;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import java.util.Optional;

/** {@code GET /api/clusters/{cluster}/attack-paths?user=U&group=G[&group=G2]}: the subject's paths to sensitive AWS actions. */
public final class AttackPathRoutes {
  private AttackPathRoutes() {}

  public static void register(RoutesConfig routes, AttackPathFinder finder) {
    routes.get("/api/clusters/{cluster}/attack-paths", ctx -> {
      var query = new AttackPathQuery(Optional.ofNullable(ctx.queryParam("user")), ctx.queryParams("group"));
      ctx.json(finder.find(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("cluster"), query));
    });
  }
}
