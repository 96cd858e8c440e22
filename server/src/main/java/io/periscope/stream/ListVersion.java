package io.periscope.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.periscope.json.Json;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a list's {@code metadata.resourceVersion} from the start of its JSON and stops there.
 * Apiservers put {@code metadata} before {@code items}, and some (aggregated APIs, test doubles)
 * ignore {@code limit=1}: the rest of a possibly huge body is never read or held in memory.
 */
final class ListVersion {
  private ListVersion() {}

  /** The list's resourceVersion, or "" when it has none; the caller closes {@code body}. */
  static String read(InputStream body) throws IOException {
    try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a list answer must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
          return versionIn(p);
        }
        p.skipChildren();
      }
      return "";
    }
  }

  private static String versionIn(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("resourceVersion") && value == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      p.skipChildren();
    }
    return "";
  }
}
