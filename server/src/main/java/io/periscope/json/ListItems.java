package io.periscope.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a Kubernetes list ({@code {"kind": "…List", "metadata": …, "items": […]}}) one item at a
 * time from a stream, so a list of tens of thousands of objects never becomes one object graph.
 * Everything but {@code items} is skipped; {@code items} may come before or after the metadata.
 */
public final class ListItems {
  /** Reads one item: called with the parser on the item's {@code START_OBJECT}, it must leave it on the item's {@code END_OBJECT}. */
  @FunctionalInterface
  public interface ItemReader {
    void read(JsonParser item) throws IOException;
  }

  private ListItems() {}

  /** @throws IOException when the answer is no JSON object ({@code what} names it: "a pod list") or is cut off */
  public static void each(InputStream in, String what, ItemReader reader) throws IOException {
    try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(what + " must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("items") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            reader.read(p);
          }
        } else {
          p.skipChildren();
        }
      }
    }
  }
}
