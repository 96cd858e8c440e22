package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes the CRUD store from inside the demo's dispatcher, as the server itself (no
 * person, no RBAC): the demo's controllers (rollouts, evictions, lost nodes, debug containers) are
 * written against these calls instead of each building mock requests.
 */
final class StoreCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Headers JSON_BODY = Headers.builder().add("Content-Type", "application/json").build();

  private StoreCalls() {}

  /** The object or list at {@code path} as the store holds it; empty when the store does not answer 200 with JSON. */
  static Optional<JsonNode> get(Function<RecordedRequest, MockResponse> store, String path) {
    MockResponse r = store.apply(request(HttpMethod.GET, path, null));
    if (r.code() != 200) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(r.getBody().readUtf8()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@link #get}, or an IOException naming the path when the store has nothing there. */
  static JsonNode read(Function<RecordedRequest, MockResponse> store, String path) throws IOException {
    return get(store, path).orElseThrow(() -> new IOException("the demo store has nothing at " + path));
  }

  /** Writes {@code body} (JSON) with {@code method} to {@code path}; the store's answer. */
  static MockResponse send(Function<RecordedRequest, MockResponse> store, HttpMethod method, String path, JsonNode body) {
    return store.apply(request(method, path, body.toString()));
  }

  /** A request to the store: no body when {@code json} is null, else a JSON body. */
  static RecordedRequest request(HttpMethod method, String path, String json) {
    return json == null ? new RecordedRequest("HTTP/1.1", method, path, Headers.builder().build(), new Buffer())
        : new RecordedRequest("HTTP/1.1", method, path, JSON_BODY, new Buffer().writeUtf8(json));
  }
}
