package io.periscope.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper configuration for API bodies: ISO-8601 instants, unknown request fields
 * rejected. Jackson's buffers come from one shared pool instead of a thread-local per thread:
 * requests run on virtual threads, and a long-lived one (an SSE stream) would otherwise keep
 * ~25 KiB of parser and generator buffers for as long as it lives.
 */
public final class Json {
  private static final ObjectMapper SHARED = newMapper();

  private Json() {}

  /**
   * The shared, fully configured mapper (thread-safe for reading and writing; building one per
   * call cost a new mapper and cold serializer caches on every request). Never reconfigure it:
   * take {@link #newMapper()} for a variant.
   */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /** A new mapper with the same configuration, for a caller that needs to change it. */
  public static ObjectMapper newMapper() {
    var factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return new ObjectMapper(factory)
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
