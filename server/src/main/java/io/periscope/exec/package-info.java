/**
 * Exec shell: bridges a terminal to the apiserver's {@code pods/exec} WebSocket (TTY, channel
 * protocol via fabric8) as the impersonated person; shell choice, session limits and the closed set
 * of failures with their WebSocket close codes.
 *
 * <p>Owns: starting and ending a shell, resize, exit status, per-user session counting. Does not
 * own: the browser protocol and the audit row ({@code exec.http}), container picking
 * ({@link io.periscope.logs.PodContainers}), port-forward ({@code portforward}), file copy (not offered).
 */
package io.periscope.exec;
