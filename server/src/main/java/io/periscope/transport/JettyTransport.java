package io.periscope.transport;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * fabric8's HTTP client SPI over Jetty's HTTP/1.1 client. fabric8 runs its interceptors
 * (authentication, token refresh on 401, impersonation) before {@link #consumeBytesDirect}, so a
 * request arrives here with every header it needs. Response bodies are {@link RelayableBody}s.
 */
public final class JettyTransport extends StandardHttpClient<JettyTransport, JettyTransportFactory, JettyTransportBuilder> {
  private final HttpClient jetty;

  JettyTransport(JettyTransportBuilder builder, HttpClient jetty, AtomicBoolean closed) {
    super(builder, closed);
    this.jetty = jetty;
  }

  HttpClient jetty() {
    return jetty;
  }

  @Override
  public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    Request r = jetty.newRequest(request.uri()).method(request.method());
    r.headers(h -> request.headers().forEach((name, values) -> values.forEach(v -> h.add(name, v))));
    body(request, r);
    var result = new CompletableFuture<HttpResponse<AsyncBody>>();
    r.onResponseContentSource((response, source) ->
        result.complete(new StreamedResponse(request, response.getStatus(), headers(response), new JettyBody(source, consumer, jetty.getScheduler()))));
    r.send(outcome -> {
      if (outcome.isFailed()) {
        result.completeExceptionally(outcome.getFailure());
      }
    });
    // Like the JDK client's request time-out: bounds the wait for the response head, not the body
    // (a watch or a large list may stream for longer).
    if (request.getTimeout() != null && !request.getTimeout().isZero() && !request.getTimeout().isNegative()) {
      long millis = request.getTimeout().toMillis();
      var task = jetty.getScheduler().schedule(() -> r.abort(
          new TimeoutException("no response head from " + request.uri().getHost() + " within " + millis + " ms")),
          millis, TimeUnit.MILLISECONDS);
      result.whenComplete((ok, err) -> task.cancel());
    }
    return result;
  }

  private static Map<String, List<String>> headers(Response response) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.getHeaders().forEach(f -> map.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue()));
    return map;
  }

  private static void body(StandardHttpRequest request, Request r) {
    String type = request.getContentType();
    switch (request.body()) {
      case null -> { }
      case StandardHttpRequest.StringBodyContent s -> r.body(new StringRequestContent(type, s.getContent()));
      case StandardHttpRequest.ByteArrayBodyContent b -> r.body(new BytesRequestContent(type, b.getContent()));
      case StandardHttpRequest.InputStreamBodyContent in -> r.body(new InputStreamRequestContent(type, in.getContent()));
      default -> throw new IllegalArgumentException("unsupported request body " + request.body().getClass().getName());
    }
  }

  /** Not offered: exec and attach use the cluster's main client, which keeps its WebSocket support. */
  @Override
  public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder, WebSocket.Listener listener) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "the list transport does not open WebSockets; use the cluster's main client"));
  }

  @Override
  protected void doClose() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // shutting down; nothing to recover, the threads are daemons
    }
  }
}
