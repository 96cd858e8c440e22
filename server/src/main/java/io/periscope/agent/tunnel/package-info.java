/**
 * The agent tunnel's server end: a gRPC port (default 8443) the agents dial, the sessions of the
 * connected agents, and {@link io.periscope.agent.tunnel.ProxyCall}, the server's end of one
 * proxied request ({@code io.periscope.agent.transport} turns fabric8's requests into those).
 *
 * <p><b>Why one gRPC call per proxied request.</b> The agent keeps one long-lived control stream
 * ({@code Connect}); for each request the server only sends {@code Open{id}} on it, and the agent
 * answers by opening a dedicated {@code Proxy} call that carries the request and the response.
 * Every request therefore rides its own HTTP/2 stream with its own flow-control window: the
 * server pulls response frames one at a time as the reader drains them, so a slow watch or
 * log reader closes only its own window, and a 12 MB list never queues behind, or in front of,
 * another request. Multiplexing many requests over a single stream would need a hand-made
 * per-request window protocol on top; gRPC already has one. The cost is one extra round trip
 * (Open, then Attach) per request, which is small next to an apiserver call.
 *
 * <p><b>Liveness.</b> HTTP/2 keepalive PINGs on both ends (30 s, 10 s timeout) detect a dead peer;
 * a closed control stream fails pending requests at once with 503 {@code agent_disconnected}, and
 * a request for a cluster with no agent gets that answer immediately, without waiting.
 *
 * <p>Owns: TLS on the tunnel port, admission of agent certificates on every call, sessions,
 * Proxy calls with their flow control in both directions. Does not own: certificates and tokens
 * ({@code agent.ca}, {@code agent.registration}); the fabric8 transport over the calls
 * ({@code agent.transport}); impersonation (set by {@code k8s} on the fabric8 request and carried
 * through untouched); the agent process (module {@code agent}).
 * HTTP upgrades (exec, WebSocket watches) ride the same per-request Proxy call as a bidirectional
 * byte stream after the apiserver's 101. Not yet: several server replicas sharing agents.
 */
package io.periscope.agent.tunnel;
