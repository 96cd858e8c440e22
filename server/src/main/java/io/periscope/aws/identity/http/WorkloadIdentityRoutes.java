package io.periscope.aws.identity.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.identity.WorkloadIdentities;
import io.periscope.aws.identity.WorkloadKind;
import io.periscope.aws.identity.WorkloadRef;
import io.periscope.http.RequestIds;
import java.util.function.BiConsumer;

/**
 * {@code GET /api/clusters/{cluster}/{kind}/{namespace}/{name}/aws-identity}: a workload's AWS
 * identity chain, for every {@link WorkloadKind} ({@code pods}, {@code deployments}, ...
 * {@code serviceaccounts}); other kinds have no such route (404).
 */
public final class WorkloadIdentityRoutes {
  private WorkloadIdentityRoutes() {}

  public static void register(RoutesConfig routes, WorkloadIdentities identities) {
    forEachKind((path, kind) -> routes.get(path + "/aws-identity", ctx ->
        ctx.json(identities.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), ref(ctx, kind)))));
  }

  /** Calls {@code route} with {@code /api/clusters/{cluster}/<plural>/{namespace}/{name}} of every workload kind. */
  public static void forEachKind(BiConsumer<String, WorkloadKind> route) {
    for (WorkloadKind kind : WorkloadKind.values()) {
      route.accept("/api/clusters/{cluster}/" + kind.plural() + "/{namespace}/{name}", kind);
    }
  }

  /** The workload a {@link #forEachKind} route names. */
  public static WorkloadRef ref(Context ctx, WorkloadKind kind) {
    return new WorkloadRef(ctx.pathParam("cluster"), kind, ctx.pathParam("namespace"), ctx.pathParam("name"));
  }
}
