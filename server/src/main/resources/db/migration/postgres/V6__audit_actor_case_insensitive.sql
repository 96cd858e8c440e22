-- The actor filter matches subject or email, ignoring case (people filter by the email the table
-- shows; with a real IdP the subject is often an opaque id). Expression indexes so that stays an
-- index lookup per column; (actor_sub, id) stays for the read scope's exact subject match.
-- Not CONCURRENTLY: Flyway holds its lock in an open transaction, which a concurrent build waits
-- for forever. Building them blocks appends to audit_events for a few seconds per million rows;
-- the recorders buffer meanwhile.
CREATE INDEX audit_events_actor_sub_lower ON audit_events (lower(actor_sub), id);
CREATE INDEX audit_events_actor_email_lower ON audit_events (lower(actor_email), id);
