package io.periscope.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.metrics.Metrics;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request log and the request metrics: one line per request (method, path, status, time) and
 * one timer sample per matched route. Registered first (timing starts there) and last (the line).
 */
public final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  private static final String START_NANOS = "periscope.startNanos";
  /** Probes and scrapes would drown the log. */
  private static final Set<String> QUIET = Set.of("/healthz", "/readyz", "/metrics");

  private AccessLog() {}

  /** Assigns the request id, starts the clock and applies the security headers. */
  public static void registerStart(RoutesConfig routes) {
    routes.before(ctx -> {
      ctx.attribute(START_NANOS, System.nanoTime());
      MDC.put("requestId", RequestIds.assign(ctx));
      SecurityHeaders.apply(ctx);
    });
  }

  public static void registerEnd(RoutesConfig routes, Metrics metrics) {
    routes.after(ctx -> finish(ctx, metrics));
  }

  private static void finish(Context ctx, Metrics metrics) {
    Long start = ctx.attribute(START_NANOS);
    long nanos = start == null ? 0 : System.nanoTime() - start;
    var matched = ctx.endpoints().matchedHttpEndpoint();
    String route = matched == null ? "unmatched" : matched.path;
    metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), nanos);
    // Path only: query strings can carry OIDC codes and state.
    if (!QUIET.contains(route)) {
      log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000);
    }
    MDC.remove("requestId");
  }
}
