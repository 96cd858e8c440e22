/**
 * Who may run an agent for which cluster.
 *
 * <p>Owns: single-use registration tokens (256-bit random, stored as SHA-256 only, 15-minute
 * default lifetime), redeeming a token with a CSR, admitting a client certificate to the tunnel,
 * renewal, deregistration and serial revocation, and their audit rows
 * ({@link io.periscope.agent.registration.AgentCertificateAudit}); each agent cluster's bound
 * identity, its kube-system Namespace UID, trusted on first use and re-bound by an administrator
 * ({@link io.periscope.agent.registration.ClusterIdentities},
 * {@link io.periscope.agent.registration.ClusterIdentityAudit}). Registrations live in the
 * server's database ({@link io.periscope.agent.registration.SqlRegistrationStore}, SQLite or
 * PostgreSQL, so revocations survive restarts and are shared by replicas); the in-memory store is
 * for tests.
 *
 * <p>Does not own: signing ({@code agent.ca}), the wire ({@code agent.tunnel}), the admin HTTP
 * routes ({@code agent.http}).
 */
package io.periscope.agent.registration;
