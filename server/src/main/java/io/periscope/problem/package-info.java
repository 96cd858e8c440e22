/**
 * Errors as domain code raises them: {@link io.periscope.problem.Problem} with a code from the one
 * typed set {@link io.periscope.problem.ErrorCode}.
 *
 * <p>Owns: the error codes and their HTTP statuses, and the one rule for quoting what a client
 * sent in a message, log line or audit row ({@link io.periscope.problem.Printable}). Does not
 * own: rendering errors (the HTTP edge, {@code http.ErrorMapper}) or auditing them ({@code audit.AuditTrail} maps a 403 to
 * {@code denied}). Depends on nothing else in Periscope, so every package may use it.
 */
package io.periscope.problem;
