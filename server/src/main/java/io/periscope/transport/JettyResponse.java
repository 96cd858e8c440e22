package io.periscope.transport;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.client.Response;

/** A response head from Jetty with its body still to come, in fabric8's shape. */
final class JettyResponse extends StandardHttpHeaders implements HttpResponse<AsyncBody> {
  private final HttpRequest request;
  private final int code;
  private final RelayableBody body;

  JettyResponse(HttpRequest request, Response response, RelayableBody body) {
    super(headers(response));
    this.request = request;
    this.code = response.getStatus();
    this.body = body;
  }

  private static Map<String, List<String>> headers(Response response) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.getHeaders().forEach(f -> map.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue()));
    return map;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public AsyncBody body() {
    return body;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public Optional<HttpResponse<?>> previousResponse() {
    return Optional.empty();
  }
}
