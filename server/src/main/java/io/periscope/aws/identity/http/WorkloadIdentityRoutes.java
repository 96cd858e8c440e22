package io.periscope.aws.identity.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.http.RequestIds;

/** {@code GET /api/clusters/{cluster}/pods/{namespace}/{name}/aws-identity}: the pod's AWS identity chain. */
public final class WorkloadIdentityRoutes {
  private WorkloadIdentityRoutes() {}

  public static void register(RoutesConfig routes, WorkloadIdentities identities) {
    routes.get("/api/clusters/{cluster}/pods/{namespace}/{name}/aws-identity", ctx -> ctx.json(identities.of(
        ctx.pathParam("cluster"), CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"))));
  }
}
