/**
 * The audit event model and the recorder every feature calls.
 *
 * <p>Owns: the schema, the closed verb and outcome vocabularies. Does not own: deciding what is
 * privileged (each feature records its own actions).
 */
package io.periscope.audit;
