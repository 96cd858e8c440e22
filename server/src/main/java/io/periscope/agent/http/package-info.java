/**
 * HTTP surface of agent administration ({@link io.periscope.agent.http.AgentRoutes}): the agent
 * list with tunnel state and certificates, minting single-use registration tokens,
 * deregistration, certificate revocation, CA rotation and the CA bundle. Every mutation needs tier
 * admin (or an audit-admin group) and is audited through {@code audit.AuditTrail}.
 *
 * <p>Does not own: tokens, admission and revocation ({@code agent.registration}), the CA
 * ({@code agent.ca}), the tunnel ({@code agent.tunnel}).
 */
package io.periscope.agent.http;
