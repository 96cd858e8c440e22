/**
 * HTTP routes for pod logs and the container picker; query validation and the {@code log_open}
 * audit row. Does not own the stream copy ({@link io.periscope.logs.PodLogs}).
 */
package io.periscope.logs.http;
