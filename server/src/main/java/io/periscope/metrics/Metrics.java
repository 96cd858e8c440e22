package io.periscope.metrics;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** The Prometheus registry every feature records into, and the {@code /metrics} endpoint. */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * {@code GET /metrics}. With a dedicated {@code metricsPort} (not 0) it answers only on that port,
   * and that port answers nothing else, so the scrape endpoint can stay off the public listener.
   */
  public void register(RoutesConfig routes, int metricsPort) {
    routes.get("/metrics", ctx -> {
      if (metricsPort != 0 && ctx.req().getLocalPort() != metricsPort) {
        throw new Problem(ErrorCode.NOT_FOUND, "/metrics is served on the metrics port");
      }
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    });
    if (metricsPort != 0) {
      routes.before(ctx -> {
        if (ctx.req().getLocalPort() == metricsPort && !ctx.path().equals("/metrics")) {
          throw new Problem(ErrorCode.NOT_FOUND, "the metrics port serves only /metrics");
        }
      });
    }
  }

  /** Records one HTTP request; {@code route} is the matched pattern, never the raw path (bounded cardinality). */
  public void recordRequest(String method, String route, int status, long nanos) {
    Timer.builder("periscope_http_server_requests")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
