/**
 * Live updates for list views over Server-Sent Events, with a long-polling fallback.
 *
 * <p>Owns: one stream per browser tab multiplexing its subscriptions (browsers allow six HTTP/1.1
 * connections per host), watches made as the person from the list's resourceVersion, resume from
 * {@code Last-Event-ID}, relist on 410 Gone, heartbeats, per-person and global stream caps.
 * Does not own: discovery and raw apiserver calls ({@code resources}), identity ({@code authz}),
 * or a shared watch cache across users (a later step; every stream watches as its own person).
 */
package io.periscope.stream;
