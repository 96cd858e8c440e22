package io.periscope.aws.iam.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.javalin.http.Context;
import io.periscope.aws.iam.RequestContext;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.identity.http.WorkloadIdentityRoutes;
import io.periscope.http.RequestIds;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.Map;

/**
 * {@code GET /api/clusters/{cluster}/{kind}/{ns}/{name}/aws-access}: a workload's roles and their
 * sensitive permissions, upper bound and effective ({@code POST .../aws-access/refresh}: the same, read afresh from IAM;
 * {@code GET .../aws-access/role?roleArn=}: one of its roles on its own);
 * both take {@code ?context=} (a JSON object of condition keys to values) as the request the effective answer is for.
 * {@code GET /api/identity/sensitive-catalog}: the catalog they are checked against.
 */
public final class AwsAccessRoutes {
  private AwsAccessRoutes() {}

  public static void register(RoutesConfig routes, WorkloadPermissions permissions, SensitiveCatalog catalog) {
    WorkloadIdentityRoutes.forEachKind((path, kind) -> {
      routes.get(path + "/aws-access", ctx -> {
        RequestContext stated = context(ctx);
        ctx.json(permissions.of(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), WorkloadIdentityRoutes.ref(ctx, kind), stated));
      });
      routes.get(path + "/aws-access/role", ctx -> {
        RequestContext stated = context(ctx);
        ctx.json(permissions.role(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), WorkloadIdentityRoutes.ref(ctx, kind),
            roleArn(ctx), stated));
      });
      routes.post(path + "/aws-access/refresh", ctx -> {
        RequestContext stated = context(ctx);
        ctx.json(permissions.refresh(CurrentUser.of(ctx).principal(), RequestIds.of(ctx), WorkloadIdentityRoutes.ref(ctx, kind), stated));
      });
    });
    routes.get("/api/identity/sensitive-catalog", ctx -> ctx.json(Map.of("version", catalog.version(),
        "actions", catalog.entries(), "added", catalog.added(), "suppressed", catalog.suppressed())));
  }

  /** The {@code roleArn} query parameter: required, an IAM role ARN; 400 {@code invalid_input} otherwise. */
  static String roleArn(Context ctx) {
    String arn = ctx.queryParam("roleArn");
    if (arn == null || arn.isBlank()) {
      throw new Problem(ErrorCode.INVALID_INPUT, "roleArn is required: the ARN of one of the workload's roles");
    }
    if (!io.periscope.aws.RoleArns.valid(arn)) {
      throw new Problem(ErrorCode.INVALID_INPUT, "roleArn is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
    }
    return arn;
  }

  /** The {@code context} query parameter; none stated when absent or blank; 400 {@code invalid_input} when malformed. */
  static RequestContext context(Context ctx) {
    String raw = ctx.queryParam("context");
    if (raw == null || raw.isBlank()) {
      return RequestContext.NONE;
    }
    if (raw.length() > 16_384) {
      throw new Problem(ErrorCode.INVALID_INPUT, "the request context is longer than 16384 characters");
    }
    try {
      return RequestContext.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new Problem(ErrorCode.INVALID_INPUT, e.getMessage());
    }
  }
}
