package io.periscope.http;

import io.javalin.config.RoutesConfig;
import io.periscope.metrics.Metrics;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** {@code GET /metrics} in the Prometheus text format, optionally on a port of its own. */
public final class MetricsEndpoint {
  private MetricsEndpoint() {}

  /**
   * {@code GET /metrics}. With a dedicated {@code metricsPort} (not 0) it answers only on that port,
   * and that port answers nothing else, so the scrape endpoint can stay off the public listener.
   */
  public static void register(RoutesConfig routes, Metrics metrics, int metricsPort) {
    routes.get("/metrics", ctx -> {
      if (metricsPort != 0 && ctx.req().getLocalPort() != metricsPort) {
        throw new Problem(ErrorCode.NOT_FOUND, "/metrics is served on the metrics port");
      }
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.registry().scrape());
    });
    if (metricsPort != 0) {
      routes.before(ctx -> {
        if (ctx.req().getLocalPort() == metricsPort && !ctx.path().equals("/metrics")) {
          throw new Problem(ErrorCode.NOT_FOUND, "the metrics port serves only /metrics");
        }
      });
    }
  }
}
