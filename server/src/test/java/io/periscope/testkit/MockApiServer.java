package io.periscope.testkit;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * fabric8's mock apiserver on loopback, with access to the requests it received. By default it is
 * the CRUD apiserver (create, get, list with selectors, watch, delete). Tests that need streams the
 * CRUD mode cannot serve (exec, log) or scripted failures add, in this order of precedence:
 * {@link #answer scripted routes} (a function of the request, e.g. a WebSocket exec peer or a 403),
 * then fabric8 {@link #expect() expectations}; everything else falls through to CRUD.
 */
public final class MockApiServer implements AutoCloseable {
  private static final String[] DISCOVERY = {"/api", "/api/v1", "/apis", "/apis/apps/v1", "/apis/batch/v1",
      "/apis/apiextensions.k8s.io/v1", "/apis/authorization.k8s.io/v1", "/apis/autoscaling/v2", "/apis/autoscaling/v1",
      "/apis/rbac.authorization.k8s.io/v1"};
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
  private final List<ScriptedRoute> scripted = new CopyOnWriteArrayList<>();
  private final KubernetesMixedDispatcher mixed = new KubernetesMixedDispatcher(expectations);
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new ScriptedFirst(), false);
  private final NamespacedKubernetesClient adminClient;

  private record ScriptedRoute(String method, String pathPrefix, Function<RecordedRequest, MockResponse> responder) {}

  private final class ScriptedFirst extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      for (ScriptedRoute r : scripted) {
        if (r.method().equalsIgnoreCase(request.getMethod()) && path.startsWith(r.pathPrefix())) {
          MockResponse response = r.responder().apply(request);
          if (response != null) {
            return response;
          }
        }
      }
      return mixed.dispatch(request);
    }

    @Override
    public void shutdown() {
      mixed.shutdown();
    }
  }

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

  /** A client of its own (the server under test closes the clients it was given when it stops). */
  public NamespacedKubernetesClient newClient() {
    return server.createClient();
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

  /**
   * Answers every request with this method whose path (with query) starts with {@code pathPrefix}
   * from {@code responder}, ahead of expectations and CRUD; a responder returning {@code null}
   * passes the request on. Later registrations do not override
   * earlier ones for the same prefix; use distinct prefixes.
   */
  public void answer(String method, String pathPrefix, Function<RecordedRequest, MockResponse> responder) {
    scripted.add(new ScriptedRoute(method, pathPrefix, responder));
  }

  /** fabric8's expectation DSL ({@code expect().get().withPath(..).andReturn(..).once()}), checked before CRUD. */
  public MockServerExpectation expect() {
    return server.expect();
  }

  /** A Kubernetes {@code Status} failure response as the apiserver sends it (e.g. 403 Forbidden with the RBAC message). */
  /**
   * Serves discovery documents recorded in the shape of a Kubernetes 1.31 apiserver (core, apps,
   * batch, apiextensions, authorization, autoscaling with two versions, rbac), from {@code src/test/resources/resources/discovery/}.
   * The CRUD mock does not serve discovery for built-in kinds.
   */
  public MockApiServer serveDiscovery() {
    for (String path : DISCOVERY) {
      String body = discoveryFixture(path);
      if (body == null) {
        throw new IllegalStateException("missing discovery fixture for " + path);
      }
      server.expect().get().withPath(path).andReturn(200, body).always();
    }
    return this;
  }

  /**
   * As {@link #serveDiscovery}, and answers {@code /api} and {@code /apis} in the aggregated format
   * ({@code apidiscovery.k8s.io/v2}, built from the same documents) when the Accept header asks for
   * it, as an apiserver from 1.30 on does; {@code customize} may edit the two answers (e.g. mark a
   * version stale) before they are served.
   */
  public MockApiServer serveAggregatedDiscovery(java.util.function.BiConsumer<String, com.fasterxml.jackson.databind.node.ObjectNode> customize) {
    serveDiscovery();
    Map<String, String> aggregated = new java.util.HashMap<>();
    for (String root : List.of("/api", "/apis")) {
      var doc = AggregatedDiscovery.of(root, this::discoveryFixture);
      customize.accept(root, doc);
      aggregated.put(root, doc.toString());
    }
    answer("GET", "/api", request -> {
      String body = aggregated.get(request.getPath());
      String accept = String.valueOf(request.getHeader("Accept"));
      return body == null || !accept.contains("v=v2;as=APIGroupDiscoveryList") ? null
          : new MockResponse().setResponseCode(200).setHeader("Content-Type", AggregatedDiscovery.CONTENT_TYPE).setBody(body);
    });
    return this;
  }

  /** The recorded discovery document for {@code path}, or null when there is none. */
  private String discoveryFixture(String path) {
    String file = "/resources/discovery/" + path.replace('/', '_') + ".json";
    try (InputStream in = MockApiServer.class.getResourceAsStream(file)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A client for an apiserver nobody answers: {@code port}, or with none a loopback port nothing
   * listens on (connections refused at once); no retries, a 2 s connection time-out.
   */
  public static io.fabric8.kubernetes.client.KubernetesClient unreachableClient(int port) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + port).withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build()).build();
  }

  /** @see #unreachableClient(int) */
  public static io.fabric8.kubernetes.client.KubernetesClient unreachableClient() {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return unreachableClient(s.getLocalPort());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static MockResponse status(int code, String reason, String message) {
    String json;
    try {
      json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("kind", "Status", "apiVersion", "v1",
          "metadata", Map.of(), "status", "Failure", "message", message, "reason", reason, "code", code));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(json);
  }

  public static MockResponse forbidden(String message) {
    return status(403, "Forbidden", message);
  }

  public int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    adminClient.close();
    try {
      server.destroy();
    } catch (IllegalStateException slowShutdown) {
      // The mock's executor waits 10 s for its connection threads; on a loaded 2-core CI machine one sometimes
      // outlives that after the test has passed. Its port is released either way; a test's result never depends on it.
      System.err.println("mock apiserver: " + slowShutdown.getMessage() + " (" + slowShutdown.getCause() + ")");
    }
  }
}
