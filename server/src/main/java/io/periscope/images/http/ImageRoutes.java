package io.periscope.images.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.images.FleetImages;
import java.util.Optional;

/** {@code GET /api/fleet/images?q=&cluster=}: the running images matching {@code q}, on every cluster or on one. */
public final class ImageRoutes {
  private ImageRoutes() {}

  public static void register(RoutesConfig routes, FleetImages images) {
    routes.get("/api/fleet/images", ctx -> ctx.json(images.find(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), query(ctx))));
  }

  private static FleetImages.Query query(Context ctx) {
    return new FleetImages.Query(Optional.ofNullable(ctx.queryParam("q")),
        Optional.ofNullable(ctx.queryParam("cluster")).filter(c -> !c.isBlank()));
  }
}
