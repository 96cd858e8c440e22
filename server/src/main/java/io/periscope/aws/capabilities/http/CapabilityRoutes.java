package io.periscope.aws.capabilities.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.capabilities.AwsCapabilities;
import io.periscope.http.RequestIds;

/** {@code GET /api/clusters/{cluster}/aws/capabilities}: whether AWS Access works there, and which IAM actions the server's role lacks. */
public final class CapabilityRoutes {
  private CapabilityRoutes() {}

  public static void register(RoutesConfig routes, AwsCapabilities capabilities) {
    routes.get("/api/clusters/{cluster}/aws/capabilities", ctx ->
        ctx.json(capabilities.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ctx.pathParam("cluster"))));
  }
}
