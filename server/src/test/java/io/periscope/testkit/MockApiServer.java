package io.periscope.testkit;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock apiserver on loopback, with access to the requests it received. It runs in mixed
 * mode: scripted expectations ({@link #expect()}) answer first, everything else is served by the
 * CRUD store, so tests create and list real objects and script only what the mock cannot do
 * (discovery documents, access reviews, server-side apply, a 403).
 */
public final class MockApiServer implements AutoCloseable {
  private static final String[] DISCOVERY = {"/api", "/api/v1", "/apis", "/apis/apps/v1", "/apis/batch/v1",
      "/apis/apiextensions.k8s.io/v1", "/apis/authorization.k8s.io/v1", "/apis/autoscaling/v2", "/apis/autoscaling/v1"};
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
  private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
      new KubernetesMixedDispatcher(expectations), false);
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

  /** Scripts a response; scripted paths take precedence over the CRUD store. */
  public MockServerExpectation expect() {
    return server.expect();
  }

  /**
   * Serves discovery documents recorded in the shape of a Kubernetes 1.31 apiserver (core, apps,
   * batch, apiextensions, authorization, autoscaling with two versions), from {@code src/test/resources/resources/discovery/}.
   * The CRUD mock does not serve discovery for built-in kinds.
   */
  public MockApiServer serveDiscovery() {
    for (String path : DISCOVERY) {
      String file = "/resources/discovery/" + path.replace('/', '_') + ".json";
      try (InputStream in = MockApiServer.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("missing fixture " + file);
        }
        server.expect().get().withPath(path).andReturn(200, new String(in.readAllBytes(), StandardCharsets.UTF_8)).always();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return this;
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
