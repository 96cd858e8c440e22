package io.periscope.images.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.clusters.RecentReads;
import io.periscope.images.FleetImages;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/fleet/images?q=&cluster=}: the running images matching {@code q}, on every cluster
 * or on one. A person asking the same question again while their read of it is under way (a double
 * click on Read again) waits for that read: each one lists every pod of the fleet.
 */
public final class ImageRoutes {
  private ImageRoutes() {}

  public static void register(RoutesConfig routes, FleetImages images, Clock clock) {
    // Nothing is reused once read (the page asks only when the person does): only a read under way is joined.
    var reads = new RecentReads<FleetImages.Query, FleetImages.Answer>(clock, Duration.ZERO, "the running images");
    routes.get("/api/fleet/images", ctx -> {
      var who = CurrentUser.of(ctx).principal();
      var query = query(ctx);
      ctx.json(reads.get(who, query, false, () -> images.find(who, RequestIds.of(ctx), query)).answer());
    });
  }

  private static FleetImages.Query query(Context ctx) {
    return new FleetImages.Query(Optional.ofNullable(ctx.queryParam("q")),
        Optional.ofNullable(ctx.queryParam("cluster")).filter(c -> !c.isBlank()));
  }
}
