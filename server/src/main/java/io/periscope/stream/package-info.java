/**
 * Live updates for list views over Server-Sent Events, with a long-polling fallback.
 *
 * <p>Owns: one stream per browser tab multiplexing its subscriptions (browsers allow six HTTP/1.1
 * connections per host), watches made as the person from the list's resourceVersion, resume from
 * {@code Last-Event-ID}, relist on 410 Gone, heartbeats, per-person and global stream caps, and
 * sharing one apiserver watch between subscriptions of the same person to the same collection
 * ({@code WatchHub}; never across people, since what one may see says nothing about another).
 * The watch itself is a WebSocket read by {@code WatchSocket}: each event goes to the browser as
 * the apiserver's own bytes, and the watch reopens from its last version when the apiserver ends it.
 * Does not own: discovery and raw apiserver calls ({@code resources}), identity ({@code authz}).
 */
package io.periscope.stream;
