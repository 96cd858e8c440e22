package io.periscope.testkit;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** fabric8's CRUD mock apiserver on loopback, with access to the requests it received. */
public final class MockApiServer implements AutoCloseable {
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  private final NamespacedKubernetesClient adminClient;

  public MockApiServer() {
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the mock apiserver", e);
    }
    adminClient = server.createClient();
  }

  /** A client with no impersonation, for seeding objects; share it with the server under test. */
  public NamespacedKubernetesClient client() {
    return adminClient;
  }

  /** Every request received since the last call, oldest first. */
  public List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  public int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    adminClient.close();
    server.destroy();
  }
}
