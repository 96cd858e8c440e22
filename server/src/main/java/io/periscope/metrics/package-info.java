/**
 * The Prometheus registry and {@code /metrics}.
 */
package io.periscope.metrics;
