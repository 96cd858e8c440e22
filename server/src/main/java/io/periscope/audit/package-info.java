/**
 * The audit event model and the recorder every feature calls.
 *
 * <p>Owns: the schema, the closed verb and outcome vocabularies (with each verb's kind: a change,
 * privileged access, a read or a sign-in, the one place the "changes" filter reads), the asynchronous recording
 * pipeline ({@link io.periscope.audit.AsyncAuditRecorder}: bounded queue, batching, one writer
 * thread per sink, metrics, flush), the stdout JSON-lines sink and the stable wire shape
 * ({@link io.periscope.audit.AuditJson}). Does not own: deciding what is privileged (each feature
 * records its own actions), persistence and querying ({@code audit.store}), the HTTP API
 * ({@code audit.http}) or the command line ({@code audit.cli}).
 */
package io.periscope.audit;
