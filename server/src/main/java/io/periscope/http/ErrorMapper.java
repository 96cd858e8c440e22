package io.periscope.http;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import io.periscope.rbac.denial.DenialExplainer;
import io.periscope.rbac.denial.DeniedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP responses: {@code {code, message, requestId}}, never a
 * stack trace. Unknown failures are logged with the request id and answered with a generic 500.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  public static void register(RoutesConfig routes) {
    register(routes, null, ctx -> java.util.Optional.empty());
  }

  /**
   * @param denials explains the apiserver's 403s (the refused request and the grant to ask for); null: plain errors
   * @param person the signed-in person of a request, if any (their impersonated groups are the grant's alternatives)
   */
  public static void register(RoutesConfig routes, DenialExplainer denials,
      java.util.function.Function<Context, java.util.Optional<io.periscope.authz.Principal>> person) {
    routes.exception(Problem.class, (e, ctx) -> {
      // A refusal Periscope words itself (helm_forbidden) still carries the apiserver's 403 as its cause.
      var explained = e.status() == 403 && e.getCause() instanceof KubernetesClientException refusal
          ? explain(denials, refusal, person, ctx) : java.util.Optional.<DenialExplainer.Explanation>empty();
      if (explained.isPresent()) {
        writeDenied(ctx, 403, e.code(), e.getMessage(), explained.get());
        return;
      }
      write(ctx, e.errorCode(), e.getMessage());
    });
    routes.exception(KubernetesClientException.class, (e, ctx) -> {
      int status = e.getCode() > 0 ? e.getCode() : 502;
      var explained = explain(denials, e, person, ctx);
      if (explained.isPresent()) {
        writeDenied(ctx, status, KubernetesErrors.code(e), KubernetesErrors.message(e), explained.get());
        return;
      }
      write(ctx, status, KubernetesErrors.code(e), KubernetesErrors.message(e));
    });
    routes.exception(HttpResponseException.class, (e, ctx) -> {
      if (e.getStatus() == 405) {
        // Javalin lists the methods the path has; browsers and tools expect them in Allow.
        String allow = String.join(", ", e.getDetails().values()).replace("[", "").replace("]", "");
        if (!allow.isBlank()) {
          ctx.header("Allow", allow);
        }
        write(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()
            + (allow.isBlank() ? "" : "; allowed: " + allow));
        return;
      }
      write(ctx, e.getStatus(), JsonErrorHandler.code(e.getStatus()), e.getMessage());
    });
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("unhandled error on {} {} (request {})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
      write(ctx, 500, "internal_error", "internal error; quote request id " + RequestIds.of(ctx) + " when reporting it");
    });
    routes.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        write(ctx, 404, "not_found", "no route for " + ctx.method() + " " + ctx.path());
      }
    });
  }

  /** An apiserver 403's body: the usual three fields, the refused request and the grant to ask an admin for. */
  public record DeniedError(String code, String message, String requestId, DeniedRequest denied, DenialExplainer.AskAdmin askAdmin) {}

  /** The grant to ask for, when an explainer is set up (tests may run without one). */
  private static java.util.Optional<DenialExplainer.Explanation> explain(DenialExplainer denials, KubernetesClientException refusal,
      java.util.function.Function<Context, java.util.Optional<io.periscope.authz.Principal>> person, Context ctx) {
    return denials == null ? java.util.Optional.empty() : denials.explain(refusal, person.apply(ctx));
  }

  private static void writeDenied(Context ctx, int status, String code, String message, DenialExplainer.Explanation explained) {
    ctx.status(status).json(new DeniedError(code, message, RequestIds.of(ctx), explained.denied(), explained.askAdmin()));
  }

  public static void write(Context ctx, ErrorCode code, String message) {
    write(ctx, code.status(), code.code(), message);
  }

  public static void write(Context ctx, int status, String code, String message) {
    ctx.status(status).json(new ApiError(code, message, RequestIds.of(ctx)));
  }
}
