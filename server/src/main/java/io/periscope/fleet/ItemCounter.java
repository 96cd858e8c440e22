package io.periscope.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.json.Json;
import io.periscope.json.ListItems;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Counts a list's items, and those matching a predicate, reading one item at a time from the
 * stream, so a 30,000-pod list never becomes one object graph. Of each item only the top-level
 * fields the predicate reads ({@code fields}, e.g. {@code status}) become a tree; the rest (a pod's
 * metadata with its managed fields, its spec) is only tokenised and skipped.
 */
final class ItemCounter {
  private static final ObjectMapper JSON = Json.mapper();

  /** Total items and matching items. */
  record Counts(int total, int matching) {}

  private ItemCounter() {}

  static Counts count(InputStream in, Set<String> fields, Predicate<ObjectNode> matching) throws IOException {
    int[] counts = new int[2];
    ListItems.each(in, "a list", item -> {
      counts[0]++;
      if (matching.test(readFields(item, fields))) {
        counts[1]++;
      }
    });
    return new Counts(counts[0], counts[1]);
  }

  /** The same counts over objects given one by one (each one JSON object, as the list cache holds them). */
  static Counts countEach(Iterable<byte[]> items, Set<String> fields, Predicate<ObjectNode> matching) throws IOException {
    int total = 0;
    int hits = 0;
    for (byte[] item : items) {
      try (JsonParser p = JSON.getFactory().createParser(item)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("an item must be a JSON object");
        }
        total++;
        if (matching.test(readFields(p, fields))) {
          hits++;
        }
      }
    }
    return new Counts(total, hits);
  }

  /** The current object's {@code fields} as a tree, the parser left at the object's end. */
  private static ObjectNode readFields(JsonParser p, Set<String> fields) throws IOException {
    ObjectNode item = JSON.createObjectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (fields.contains(name)) {
        item.set(name, JSON.readTree(p));
      } else {
        p.skipChildren();
      }
    }
    return item;
  }
}
