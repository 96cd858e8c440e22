package io.periscope.resources.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import io.periscope.resources.AccessReviews;
import io.periscope.resources.ApplyConflictException;
import io.periscope.resources.Discovery;
import io.periscope.resources.ObjectAddress;
import io.periscope.resources.ResourceActions;
import io.periscope.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mutating routes (each audited by {@link ResourceActions}), a Deployment's revisions, and the pre-flight access check. */
final class ResourceActionRoutes {
  private final Discovery discovery;
  private final ResourceActions actions;
  private final AccessReviews reviews;

  record ScaleRequest(Integer replicas) {}

  record DebugRequest(String image, String target) {}

  record RevealRequest(String key) {}

  record RollbackRequest(Long revision) {}

  record CanIRequest(List<AccessReviews.Check> checks) {}

  private ResourceActionRoutes(Resources resources) {
    this.discovery = resources.discovery();
    this.actions = resources.actions();
    this.reviews = resources.reviews();
  }

  static void register(RoutesConfig routes, Resources resources) {
    var r = new ResourceActionRoutes(resources);
    String object = ResourceRoutes.OBJECT;
    routes.post(ResourceRoutes.KIND, r::create);
    routes.delete(object, r::delete);
    routes.post(object + "/apply", r::apply);
    routes.post(object + "/scale", r::scale);
    routes.post(object + "/restart", r::restart);
    routes.post(object + "/trigger", r::trigger);
    routes.post(object + "/reveal", r::reveal);
    routes.post(object + "/certificate", ctx -> ctx.header("Cache-Control", "no-store")
        .json(r.actions.certificate(Requests.caller(ctx), Requests.address(ctx, r.discovery))));
    routes.post(object + "/evict", r::evict);
    routes.post(object + "/debug", r::debug);
    routes.get(object + "/revisions", r::revisions);
    routes.post(object + "/rollback", r::rollback);
    routes.post(object + "/pause", ctx -> ctx.json(r.actions.pause(Requests.caller(ctx), Requests.address(ctx, r.discovery), true)));
    routes.post(object + "/resume", ctx -> ctx.json(r.actions.pause(Requests.caller(ctx), Requests.address(ctx, r.discovery), false)));
    routes.post(object + "/cordon", ctx -> r.cordon(ctx, true));
    routes.post(object + "/uncordon", ctx -> r.cordon(ctx, false));
    routes.post("/api/clusters/{cluster}/can-i", r::canI);
    routes.exception(ApplyConflictException.class, (e, ctx) -> ctx.status(409).json(Map.of("code", e.code(),
        "message", e.getMessage(), "requestId", RequestIds.of(ctx), "conflicts", e.conflicts())));
  }

  private void create(Context ctx) {
    var caller = Requests.caller(ctx);
    var kind = Requests.kind(ctx, discovery);
    String ns = ctx.queryParam("namespace") == null ? "" : ctx.queryParam("namespace");
    boolean dryRun = Requests.flag(ctx, "dryRun");
    // A dry run stores nothing: 200 with the object the apiserver would create, not 201.
    ctx.status(dryRun ? 200 : 201).json(actions.create(caller, ctx.pathParam("cluster"), kind, ns, ctx.body(), dryRun));
  }

  private void delete(Context ctx) {
    var caller = Requests.caller(ctx);
    actions.delete(caller, Requests.address(ctx, discovery), ctx.queryParam("propagationPolicy"), Requests.intParam(ctx, "gracePeriodSeconds"));
    ctx.status(200).json(Map.of("deleted", true));
  }

  private void apply(Context ctx) {
    var caller = Requests.caller(ctx);
    boolean dryRun = Requests.flag(ctx, "dryRun");
    boolean force = Requests.flag(ctx, "force");
    var address = Requests.address(ctx, discovery);
    if (dryRun) {
      ctx.json(actions.dryRunApply(caller, address, ctx.body(), force));
    } else {
      ctx.json(actions.apply(caller, address, ctx.body(), force));
    }
  }

  private void scale(Context ctx) {
    var caller = Requests.caller(ctx);
    var address = Requests.address(ctx, discovery);
    ctx.json(actions.scale(caller, address, Requests.json(ctx, ScaleRequest.class).replicas()));
  }

  private void restart(Context ctx) {
    ctx.json(actions.restart(Requests.caller(ctx), Requests.address(ctx, discovery)));
  }

  private void trigger(Context ctx) {
    ctx.status(201).json(actions.trigger(Requests.caller(ctx), Requests.address(ctx, discovery)));
  }

  private void reveal(Context ctx) {
    var caller = Requests.caller(ctx);
    String key = ctx.body().isBlank() ? null : Requests.json(ctx, RevealRequest.class).key();
    ctx.header("Cache-Control", "no-store").json(actions.reveal(caller, Requests.address(ctx, discovery), key));
  }

  /** A read beside the action it serves: the revisions a rollback can go back to. */
  private void revisions(Context ctx) {
    ctx.json(Map.of("revisions", actions.revisions(Requests.caller(ctx), Requests.address(ctx, discovery))));
  }

  private void rollback(Context ctx) {
    var caller = Requests.caller(ctx);
    var address = Requests.address(ctx, discovery);
    Long revision = Requests.json(ctx, RollbackRequest.class).revision();
    if (revision == null) {
      throw new Problem(ErrorCode.INVALID_REVISION, "the body must name the revision: {\"revision\": 2}");
    }
    ctx.json(actions.rollback(caller, address, revision));
  }

  private void debug(Context ctx) {
    var caller = Requests.caller(ctx);
    var address = Requests.address(ctx, discovery);
    var body = Requests.json(ctx, DebugRequest.class);
    ctx.status(201).json(actions.debug(caller, address, body.image(), body.target()));
  }

  /** {@code ?drain=NODE}: the eviction is a step of draining that node, said in its audit row. */
  private void evict(Context ctx) {
    var address = Requests.address(ctx, discovery);
    String drain = ctx.queryParam("drain");
    Optional<String> node = drain == null ? Optional.empty() : Optional.of(ObjectAddress.requireName("drain", drain));
    actions.evict(Requests.caller(ctx), address, node);
    ctx.status(201).json(Map.of("evicted", true));
  }

  private void cordon(Context ctx, boolean cordoned) {
    ctx.json(actions.cordon(Requests.caller(ctx), Requests.address(ctx, discovery), cordoned));
  }

  private void canI(Context ctx) {
    var user = CurrentUser.of(ctx);
    var checks = Requests.json(ctx, CanIRequest.class).checks();
    ctx.json(Map.of("results", reviews.check(ctx.pathParam("cluster"), user.principal(), checks)));
  }
}
