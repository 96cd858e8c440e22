/**
 * The audit HTTP API: {@code GET /api/audit} (filtered, cursor-paged), {@code GET /api/audit/{id}}
 * (one event, same read scope), {@code GET /api/audit/export}
 * (streamed CSV or NDJSON, itself audited) and {@code GET /api/audit/verify}. Owns parameter
 * parsing and validation, opaque cursors, the read scope (audit admins see every row, everyone
 * else only their own) and the export encodings.
 *
 * <p>Does not own storage or the event wire shape ({@code audit}, {@code audit.store}), session
 * handling ({@code auth.http.CurrentUser} supplies the user) or error rendering (the server's
 * error mapper renders {@link io.periscope.problem.Problem}).
 */
package io.periscope.audit.http;
