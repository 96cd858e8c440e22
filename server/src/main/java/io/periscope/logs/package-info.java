/**
 * Pod logs: container picking (regular, init, ephemeral; default-container annotation), opening the
 * apiserver's {@code pods/log} stream as the person, and pumping it to the browser with a bounded
 * buffer that stops reading when the browser stops (or leaves).
 *
 * <p>Owns: log options, the container picker model, the back-pressured copy. Does not own: HTTP
 * parsing ({@code logs.http}), exec ({@code io.periscope.exec}), or log storage/search — nothing is
 * kept on the server.
 */
package io.periscope.logs;
