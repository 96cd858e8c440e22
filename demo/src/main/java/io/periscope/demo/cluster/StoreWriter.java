package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Seeds a demo apiserver by handing its dispatcher the very requests a client would send (POST to
 * the collection, PUT to {@code /status}), in-process: the store fills exactly as over the wire,
 * without starting a client, TLS or the network, which made up most of the demo's start-up time.
 * The one departure: an object keeps the {@code creationTimestamp} its seed gave it, which a POST
 * to the mock would replace with the time of seeding.
 */
final class StoreWriter {
  private static final Headers JSON = Headers.builder().add("Content-Type", "application/json").build();
  private final DemoApiDispatcher dispatcher;

  StoreWriter(DemoApiDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** Creates {@code object} and returns it as stored (with its uid and resourceVersion). */
  <T extends HasMetadata> T create(T object) {
    return create(object, HasMetadata.getPlural(object.getClass()));
  }

  /** As {@link #create(HasMetadata)} for a kind whose plural the class does not know (custom resources). */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T create(T object, String plural) {
    String collection = collection(object, plural);
    T stored = (T) Serialization.unmarshal(send(HttpMethod.POST, collection, object, 201), object.getClass());
    String created = object.getMetadata().getCreationTimestamp();
    if (created != null && !created.equals(stored.getMetadata().getCreationTimestamp())) {
      dispatcher.backdate(collection + "/" + stored.getMetadata().getName(), created);
      stored.getMetadata().setCreationTimestamp(created);
    }
    return stored;
  }

  /** The object stored at {@code path}, as {@code type}. */
  <T> T read(String path, Class<T> type) {
    return Serialization.unmarshal(readJson(path), type);
  }

  /** The object stored at {@code path} as JSON, or empty when there is none. */
  java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode> readIfPresent(String path) {
    MockResponse r = dispatcher.dispatch(StoreCalls.request(HttpMethod.GET, path, null));
    if (r.code() == 404) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of((com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(readJson(path)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("seeding: the object stored at " + path + " is not JSON", e);
    }
  }

  private String readJson(String path) {
    MockResponse r = dispatcher.dispatch(StoreCalls.request(HttpMethod.GET, path, null));
    String body = r.getBody() == null ? "" : r.getBody().readUtf8();
    if (r.code() != 200) {
      throw new IllegalStateException("seeding: GET " + path + " answered " + r.code() + ": " + body);
    }
    return body;
  }

  /** Marks the object stored at {@code path} for deletion as of {@code at}, and keeps it (see {@link DemoApiDispatcher#storeMarkedForDeletion}). */
  void markForDeletion(String path, java.time.Instant at, long graceSeconds) {
    com.fasterxml.jackson.databind.node.ObjectNode object;
    try {
      object = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(readJson(path));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("seeding: the object stored at " + path + " is not JSON", e);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) object.path("metadata")).put("deletionTimestamp", at.toString())
        .put("deletionGracePeriodSeconds", graceSeconds);
    dispatcher.storeMarkedForDeletion(path, object);
  }

  /** Writes the object's status through the {@code status} subresource, as a controller would. */
  void updateStatus(HasMetadata object, String plural) {
    send(HttpMethod.PUT, collection(object, plural) + "/" + object.getMetadata().getName() + "/status", object, 200);
  }

  private String send(HttpMethod method, String path, HasMetadata object, int expected) {
    MockResponse r = dispatcher.dispatch(new RecordedRequest("HTTP/1.1", method, path, JSON,
        new Buffer().writeUtf8(Serialization.asJson(object))));
    String body = r.getBody() == null ? "" : r.getBody().readUtf8();
    if (r.code() != expected) {
      throw new IllegalStateException("seeding " + method + " " + path + " answered " + r.code() + ": " + body);
    }
    return body;
  }

  /** Replaces the object stored at {@code path} (a PUT, as an update through the apiserver). */
  void replace(String path, com.fasterxml.jackson.databind.node.ObjectNode object) {
    MockResponse r = dispatcher.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, JSON, new Buffer().writeUtf8(object.toString())));
    if (r.code() != 200) {
      throw new IllegalStateException("seeding PUT " + path + " answered " + r.code() + ": " + (r.getBody() == null ? "" : r.getBody().readUtf8()));
    }
  }

  private static String collection(HasMetadata object, String plural) {
    String apiVersion = object.getApiVersion();
    String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    String ns = object.getMetadata().getNamespace();
    return base + (ns == null ? "" : "/namespaces/" + ns) + "/" + plural;
  }
}
