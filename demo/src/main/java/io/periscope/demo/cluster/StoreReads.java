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

/** Reads the CRUD store from inside the demo's dispatcher, as the server itself (no person, no RBAC). */
final class StoreReads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreReads() {}

  /** The object or list at {@code path} as the store holds it; empty when the store does not answer 200 with JSON. */
  static Optional<JsonNode> get(Function<RecordedRequest, MockResponse> store, String path) {
    MockResponse r = store.apply(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
    if (r.code() != 200) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(r.getBody().readUtf8()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
