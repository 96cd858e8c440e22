/**
 * fabric8's HTTP client SPI over the agent tunnel: how an agent cluster's fabric8 client reaches
 * its apiserver, with no socket or listener on the server's side.
 *
 * <p>Owns: {@link io.periscope.agent.transport.TunnelTransport} (each request one Proxy call to
 * the cluster's agent, gRPC flow control end to end), response bodies that relay the agent's
 * frames without a copy, tunnel failures as Kubernetes {@code Status} answers carrying the
 * tunnel's error code, and the client end of WebSockets whose bytes ride an upgraded call
 * ({@code TunnelWebSocket}, RFC 6455 framing in {@code WebSocketFrames}).
 *
 * <p>Does not own: headers and identity (fabric8's interceptors add impersonation; the agent adds
 * its own ServiceAccount token), sessions and the tunnel port ({@code agent.tunnel}), which
 * clusters use it ({@code clusters.agent.AgentConnector}).
 */
package io.periscope.agent.transport;
