/**
 * The agent's link to the server: registration (key, CSR, certificate in the state directory),
 * the control stream with reconnects, and the per-request Proxy calls forwarded to the local
 * apiserver as the agent's ServiceAccount with the server's {@code Impersonate-*} headers
 * unchanged.
 *
 * <p>Does not own: any authorization decision (the apiserver's RBAC decides for the impersonated
 * user), audit (server side), cloud credentials (none).
 */
package io.periscope.agent.link;
