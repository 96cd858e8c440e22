/**
 * The Prometheus registry every feature records into. Owns the JVM binders and the request timer.
 * Does not own the {@code /metrics} endpoint ({@code http.MetricsEndpoint}).
 */
package io.periscope.metrics;
