package io.periscope.transport;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.util.Optional;

/**
 * Builds {@link JettyTransport}s from a cluster's fabric8 {@link Config}, through fabric8's own
 * {@code applyCommonConfiguration}, so TLS material, time-outs and the auth/impersonation
 * interceptors are exactly those of the cluster's main client.
 */
public final class JettyTransportFactory implements HttpClient.Factory {
  private final String name;
  private final boolean verifyHostname;
  private final int maxConnections;
  private final long idleTimeoutMillis;

  /** @param name what the transport's threads are called after (the cluster) */
  public JettyTransportFactory(String name, Config config) {
    this.name = name;
    this.verifyHostname = !config.isDisableHostnameVerification();
    this.maxConnections = Math.max(8, config.getMaxConcurrentRequestsPerHost());
    // Pooled connections close after 30 s unused (as the JDK client's do), before load balancers in
    // front of apiservers drop them silently; never below the request time-out plus a margin, since
    // the same clock bounds a quiet apiserver mid-response.
    this.idleTimeoutMillis = Math.max(30_000L, config.getRequestTimeout() + 5_000L);
  }

  /**
   * A transport for this config, or empty when the config needs something this transport does not
   * do (an HTTP/SOCKS proxy, a TLS server name other than the host): callers then keep using the
   * cluster's main client, which handles those.
   */
  public static Optional<HttpClient> create(String name, Config config) {
    var factory = new JettyTransportFactory(name, config);
    JettyTransportBuilder builder = factory.newBuilder();
    HttpClientUtils.applyCommonConfiguration(config, builder, factory);
    if (builder.getProxyAddress() != null || builder.getTlsServerName() != null) {
      return Optional.empty();
    }
    return Optional.of(builder.build());
  }

  @Override
  public JettyTransportBuilder newBuilder() {
    return new JettyTransportBuilder(this);
  }

  String name() {
    return name;
  }

  boolean verifyHostname() {
    return verifyHostname;
  }

  int maxConnections() {
    return maxConnections;
  }

  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }
}
