package io.periscope.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.periscope.json.Json;
import java.io.IOException;

/**
 * One watch event as the apiserver sent it ({@code {"type": ..., "object": ...}}, the shape the
 * browser receives too). Only what the stream needs is read from it: the type, the object's
 * resourceVersion and, for an {@code ERROR} event, the Status code. The object is skipped, never
 * bound to a model.
 */
record WatchLine(String type, String resourceVersion, int statusCode, String statusMessage, byte[] json) {

  boolean bookmark() {
    return "BOOKMARK".equals(type);
  }

  boolean error() {
    return "ERROR".equals(type);
  }

  /** @throws IOException when the message is not a watch event */
  static WatchLine parse(byte[] json) throws IOException {
    String type = null;
    String rv = null;
    int code = 0;
    String message = null;
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "a watch event must be a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          type = p.getText();
        } else if (field.equals("object") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            JsonToken v = p.nextToken();
            if (inner.equals("metadata") && v == JsonToken.START_OBJECT) {
              rv = resourceVersion(p, rv);
            } else if (inner.equals("code") && v == JsonToken.VALUE_NUMBER_INT) {
              code = p.getIntValue();
            } else if (inner.equals("message") && v == JsonToken.VALUE_STRING) {
              message = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    expect(type != null, "a watch event needs a type");
    return new WatchLine(type, rv, code, message, json);
  }

  private static String resourceVersion(JsonParser p, String found) throws IOException {
    String rv = found;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (field.equals("resourceVersion") && v == JsonToken.VALUE_STRING) {
        rv = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return rv;
  }

  private static void expect(boolean ok, String message) throws IOException {
    if (!ok) {
      throw new IOException(message);
    }
  }
}
