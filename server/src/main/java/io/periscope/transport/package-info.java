/**
 * A fabric8 HTTP transport on Jetty's HTTP client, used for reading large lists.
 *
 * <p>Owns: {@link io.periscope.transport.JettyTransport} (fabric8's {@code HttpClient} SPI
 * over Jetty, so fabric8's interceptors still add authentication, token refresh and impersonation)
 * and the contract of a body that can be relayed, {@link io.periscope.transport.RelayableBody},
 * which hands the apiserver's bytes to a writer without copying them into fabric8's chunk queue
 * (the agent tunnel's transport, {@code agent.transport}, answers with such bodies too, and with
 * {@link io.periscope.transport.StreamedResponse}). Why it exists: the JDK client reads
 * responses in 16 KiB pieces through several thread hand-offs, which doubled the time of a
 * 10,000-pod list (docs/decisions/0001-jetty-transport-for-lists.md).
 *
 * <p>Does not own: WebSockets (exec and attach stay on the cluster's JDK client), deciding which
 * clusters get one (each {@code clusters.ClusterConnector}), or what is relayed ({@code resources}).
 */
package io.periscope.transport;
