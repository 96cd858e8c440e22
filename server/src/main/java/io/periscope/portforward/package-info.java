/**
 * Port-forward from the browser: a pod port reached through the apiserver's {@code pods/portforward}
 * WebSocket (fabric8, channel protocol) as the person, one forwarded connection per HTTP request,
 * at a Periscope URL that only the login session which opened it may use.
 *
 * <p>Owns: the open forwards (per login session, per-person limit, idle time-out, closing at session
 * end), one HTTP/1.1 exchange over a forwarded connection ({@link io.periscope.portforward.ForwardedHttp})
 * and the single {@code port_forward} audit row per forward. Does not own: the browser-facing HTTP
 * (headers it passes or drops, the sandbox policy; {@code portforward.http}), raw TCP for other
 * protocols (not offered: the browser speaks HTTP), nor a local listening port (none is opened).
 */
package io.periscope.portforward;
