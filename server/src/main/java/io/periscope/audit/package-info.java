/**
 * The audit trail's event model and recording pipeline: {@link io.periscope.audit.AuditEvent}
 * and its closed vocabularies, the {@link io.periscope.audit.AuditRecorder} every feature calls,
 * the asynchronous {@link io.periscope.audit.AsyncAuditRecorder} (bounded queue, batching,
 * one writer thread per sink, metrics), the stdout JSON-lines sink and the stable wire shape
 * ({@link io.periscope.audit.AuditJson}).
 *
 * <p>Does not own persistence or querying ({@code audit.store}), the HTTP API
 * ({@code audit.http}) or the command line ({@code audit.cli}); does not decide who may read.
 */
package io.periscope.audit;
