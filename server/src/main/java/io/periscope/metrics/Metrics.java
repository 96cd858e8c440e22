package io.periscope.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The Prometheus registry every feature records into (served by {@code http.MetricsEndpoint}). */
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

  /** Records one HTTP request; {@code route} is the matched pattern, never the raw path (bounded cardinality). */
  public void recordRequest(String method, String route, int status, long nanos) {
    Timer.builder("periscope_http_server_requests")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
