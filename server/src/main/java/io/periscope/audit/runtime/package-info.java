/**
 * Start-up and shutdown of the audit subsystem on the server's database: the audit store for its
 * engine, the sinks (store, optional stdout SIEM line), the recorder and the retention tick, closed
 * in the right order. {@code PeriscopeApp} opens the database ({@code storage.Database}), calls
 * {@link io.periscope.audit.runtime.AuditRuntime#start} and hands the recorder to features and the
 * store to {@code AuditRoutes}.
 *
 * <p>Owns the ordering of these resources; does not own any of their behaviour, nor the database.
 */
package io.periscope.audit.runtime;
