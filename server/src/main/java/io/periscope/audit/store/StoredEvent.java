package io.periscope.audit.store;

import io.periscope.audit.AuditEvent;

/** An event as stored: its sequence id (also its position in the hash chain) and the event. */
public record StoredEvent(long id, AuditEvent event) {}
