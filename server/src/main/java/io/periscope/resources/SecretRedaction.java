package io.periscope.resources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Removes Secret values ({@code data}, {@code stringData}) from apiserver payloads. Lists are
 * filtered token by token while they stream (a single object, a {@code *List}'s items, or a
 * Table's {@code rows[].object}), so a large Secret list never becomes an object graph. Values
 * are only ever returned by the explicit, audited reveal call.
 */
public final class SecretRedaction {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Set<String> VALUES = Set.of("data", "stringData");

  private SecretRedaction() {}

  public static boolean applies(ResourceKind kind) {
    return kind.isCore("secrets");
  }

  public static void redact(JsonNode object) {
    if (object instanceof ObjectNode o) {
      VALUES.forEach(o::remove);
    }
  }

  /** Copies JSON from {@code in} to {@code out} without Secret values. */
  public static void copy(InputStream in, OutputStream out) throws IOException {
    try (JsonParser p = FACTORY.createParser(in); JsonGenerator g = FACTORY.createGenerator(out)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        copyObject(p, g, Level.OBJECT);
      } else if (p.currentToken() != null) {
        g.copyCurrentStructure(p);
      }
    }
  }

  private enum Level { OBJECT, ROW }

  private static void copyObject(JsonParser p, JsonGenerator g, Level level) throws IOException {
    g.writeStartObject();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (level == Level.OBJECT && VALUES.contains(field)) {
        p.skipChildren();
        continue;
      }
      g.writeFieldName(field);
      boolean array = value == JsonToken.START_ARRAY;
      if (level == Level.OBJECT && array && (field.equals("items") || field.equals("rows"))) {
        copyArray(p, g, field.equals("items") ? Level.OBJECT : Level.ROW);
      } else if (level == Level.ROW && field.equals("object") && value == JsonToken.START_OBJECT) {
        copyObject(p, g, Level.OBJECT);
      } else {
        g.copyCurrentStructure(p);
      }
    }
    g.writeEndObject();
  }

  private static void copyArray(JsonParser p, JsonGenerator g, Level elements) throws IOException {
    g.writeStartArray();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        copyObject(p, g, elements);
      } else {
        g.copyCurrentStructure(p);
      }
    }
    g.writeEndArray();
  }
}
