/**
 * The exec WebSocket route: handshake checks (session, Origin, shell) before the upgrade, the
 * JSON/binary message protocol documented in docs/api.md, idle time-out, stdin frame limit, and one
 * {@code exec} audit row per session with start, end, duration, exit code and outcome.
 * Does not own the apiserver side ({@link io.periscope.exec.ExecBridge}).
 */
package io.periscope.exec.http;
