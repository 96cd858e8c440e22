package io.periscope.aws.iam.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.iam.SensitiveActions;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.http.RequestIds;
import java.util.Map;

/**
 * {@code GET /api/clusters/{cluster}/pods/{ns}/{name}/aws-access}: a pod's roles and their
 * sensitive permissions; {@code GET /api/identity/sensitive-catalog}: the catalog they are checked against.
 */
public final class AwsAccessRoutes {
  private AwsAccessRoutes() {}

  public static void register(RoutesConfig routes, WorkloadPermissions permissions) {
    routes.get("/api/clusters/{cluster}/pods/{namespace}/{name}/aws-access", ctx -> ctx.json(permissions.of(
        ctx.pathParam("cluster"), CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"))));
    routes.get("/api/identity/sensitive-catalog", ctx -> ctx.json(Map.of("actions", SensitiveActions.CATALOG)));
  }
}
