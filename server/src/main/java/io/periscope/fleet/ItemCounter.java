package io.periscope.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Counts a list's items, and those matching a predicate, reading one item at a time from the
 * stream, so a 30,000-pod list never becomes one object graph.
 */
final class ItemCounter {
  private static final ObjectMapper JSON = Json.mapper();

  /** Total items and matching items. */
  record Counts(int total, int matching) {}

  private ItemCounter() {}

  static Counts count(InputStream in, Predicate<JsonNode> matching) throws IOException {
    int total = 0;
    int hits = 0;
    try (JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a list must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("items") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode item = JSON.readTree(p);
            total++;
            if (matching.test(item)) {
              hits++;
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new Counts(total, hits);
  }
}
