/**
 * The agent's link to the server: registration (key, CSR, certificate), the key and certificate
 * kept between starts in a {@code StateStore} (a Kubernetes Secret read and updated as the agent's
 * ServiceAccount, or a directory), the control stream with reconnects and renewal, and the
 * per-request Proxy calls forwarded to the local apiserver as the agent's ServiceAccount with the
 * server's {@code Impersonate-*} headers unchanged.
 *
 * <p>Does not own: any authorization decision (the apiserver's RBAC decides for the impersonated
 * user), audit (server side), cloud credentials (none), the command line and health endpoints
 * ({@code io.periscope.agent}).
 */
package io.periscope.agent.link;
