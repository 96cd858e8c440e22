package io.periscope.rbac.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.rbac.WhoCan;
import io.periscope.rbac.WhoCanQuery;

/** {@code GET /api/clusters/{cluster}/rbac/who-can?verb=&resource=&group=&namespace=}. */
public final class RbacRoutes {
  private RbacRoutes() {}

  public static void register(RoutesConfig routes, WhoCan whoCan) {
    routes.get("/api/clusters/{cluster}/rbac/who-can", ctx -> whoCan(ctx, whoCan));
  }

  private static void whoCan(Context ctx, WhoCan whoCan) {
    var user = CurrentUser.of(ctx);
    var q = new WhoCanQuery(ctx.queryParam("verb"), ctx.queryParam("group"), ctx.queryParam("resource"), ctx.queryParam("namespace"));
    ctx.json(whoCan.ask(ctx.pathParam("cluster"), user.principal(), q));
  }
}
