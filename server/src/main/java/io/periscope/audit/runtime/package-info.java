/**
 * Start-up and shutdown of the audit subsystem from configuration: opens the shared database
 * (SQLite file or PostgreSQL), the audit store, the sinks, the recorder and the retention tick,
 * and closes them in the right order. {@code Main} calls {@link io.periscope.audit.runtime.AuditRuntime#start}
 * and hands the recorder to features, the store to {@code AuditRoutes} and the data source to the
 * session store.
 *
 * <p>Owns ordering and ownership of these resources; does not own any of their behaviour.
 */
package io.periscope.audit.runtime;
