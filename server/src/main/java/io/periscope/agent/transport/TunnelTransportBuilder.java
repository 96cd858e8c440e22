package io.periscope.agent.transport;

import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * fabric8's builder contract for {@link TunnelTransport}; derived clients (per-person views)
 * share their parent's calls. TLS, proxy and connection settings fabric8 applies from the config
 * have no meaning here: the tunnel's own mTLS carries every request.
 */
public final class TunnelTransportBuilder
    extends StandardHttpClientBuilder<TunnelTransport, TunnelTransportFactory, TunnelTransportBuilder> {

  TunnelTransportBuilder(TunnelTransportFactory factory) {
    super(factory);
  }

  @Override
  protected TunnelTransportBuilder newInstance(TunnelTransportFactory factory) {
    return new TunnelTransportBuilder(factory);
  }

  @Override
  public TunnelTransport build() {
    if (client != null) {
      return new TunnelTransport(this, client.calls(), client.getClosed());
    }
    return new TunnelTransport(this, clientFactory.calls(), new AtomicBoolean());
  }
}
