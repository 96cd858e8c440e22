package io.periscope.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The one JSON mapper configuration for API bodies: ISO-8601 instants, unknown request fields
 * rejected. Jackson's buffers come from one shared pool instead of a thread-local per thread:
 * requests run on virtual threads, and a long-lived one (an SSE stream) would otherwise keep
 * ~25 KiB of parser and generator buffers for as long as it lives.
 */
public final class Json {
  private Json() {}

  public static ObjectMapper mapper() {
    var factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return new ObjectMapper(factory)
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
