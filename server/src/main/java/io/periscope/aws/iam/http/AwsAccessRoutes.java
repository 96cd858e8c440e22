package io.periscope.aws.iam.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.identity.http.WorkloadIdentityRoutes;
import io.periscope.http.RequestIds;
import java.util.Map;

/**
 * {@code GET /api/clusters/{cluster}/{kind}/{ns}/{name}/aws-access}: a workload's roles and their
 * sensitive permissions ({@code POST .../aws-access/refresh}: the same, read afresh from IAM); {@code GET /api/identity/sensitive-catalog}: the catalog they are checked against.
 */
public final class AwsAccessRoutes {
  private AwsAccessRoutes() {}

  public static void register(RoutesConfig routes, WorkloadPermissions permissions, SensitiveCatalog catalog) {
    WorkloadIdentityRoutes.forEachKind((path, kind) -> {
      routes.get(path + "/aws-access", ctx ->
          ctx.json(permissions.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), WorkloadIdentityRoutes.ref(ctx, kind))));
      routes.post(path + "/aws-access/refresh", ctx ->
          ctx.json(permissions.refresh(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), WorkloadIdentityRoutes.ref(ctx, kind))));
    });
    routes.get("/api/identity/sensitive-catalog", ctx -> ctx.json(Map.of("version", catalog.version(),
        "actions", catalog.entries(), "added", catalog.added(), "suppressed", catalog.suppressed())));
  }
}
