package io.periscope.aws.iam.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.iam.chains.AssumeRoleChainProbe;
import io.periscope.aws.iam.resource.ResourcePolicyProbe;
import io.periscope.aws.identity.http.WorkloadIdentityRoutes;
import io.periscope.http.RequestIds;
import java.util.Optional;

/**
 * {@code GET .../{kind}/{ns}/{name}/aws-access/resource-policy?resource=ARN[&action=A][&resourceAccount=ID]}:
 * may the workload's roles act on a named bucket, key or secret, identity and resource policy combined;
 * {@code GET .../aws-access/assume-role-chain[?depth=N]}: the roles they may assume, hop by hop.
 */
public final class ResourcePolicyAndChainRoutes {
  private ResourcePolicyAndChainRoutes() {}

  public static void register(RoutesConfig routes, ResourcePolicyProbe resources, AssumeRoleChainProbe chains) {
    WorkloadIdentityRoutes.forEachKind((path, kind) -> {
      routes.get(path + "/aws-access/resource-policy", ctx -> ctx.json(resources.probe(CurrentUser.of(ctx).principal(), RequestIds.of(ctx),
          WorkloadIdentityRoutes.ref(ctx, kind), new ResourcePolicyProbe.Query(ctx.queryParam("resource"), param(ctx, "action"),
              param(ctx, "resourceAccount")))));
      routes.get(path + "/aws-access/assume-role-chain", ctx -> ctx.json(chains.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx),
          WorkloadIdentityRoutes.ref(ctx, kind), param(ctx, "depth"))));
    });
  }

  private static Optional<String> param(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
  }
}
