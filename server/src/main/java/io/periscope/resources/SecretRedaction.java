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
 * Removes Secret values ({@code data}, {@code stringData}, and the copy of them that
 * {@code kubectl apply} keeps in the {@value #LAST_APPLIED} annotation) from apiserver payloads. Lists are
 * filtered token by token while they stream (a single object, a {@code *List}'s items, or a
 * Table's {@code rows[].object}), so a large Secret list never becomes an object graph. Values
 * are only ever returned by the explicit, audited reveal call.
 */
public final class SecretRedaction {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Set<String> VALUES = Set.of("data", "stringData");
  /** Client-side apply's record of the applied object: a Secret's values, base64-encoded, in an annotation. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private SecretRedaction() {}

  public static boolean applies(ResourceKind kind) {
    return kind.isCore("secrets");
  }

  public static void redact(JsonNode object) {
    if (object instanceof ObjectNode o) {
      VALUES.forEach(o::remove);
      if (o.path("metadata").path("annotations") instanceof ObjectNode annotations) {
        annotations.remove(LAST_APPLIED);
      }
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

  /** Where the parser is: an object that may be a Secret, a Table row, a Secret's metadata, its annotations. */
  private enum Level { OBJECT, ROW, METADATA, ANNOTATIONS }

  private static void copyObject(JsonParser p, JsonGenerator g, Level level) throws IOException {
    g.writeStartObject();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ((level == Level.OBJECT && VALUES.contains(field)) || (level == Level.ANNOTATIONS && field.equals(LAST_APPLIED))) {
        p.skipChildren();
        continue;
      }
      g.writeFieldName(field);
      boolean array = value == JsonToken.START_ARRAY;
      boolean object = value == JsonToken.START_OBJECT;
      if (level == Level.OBJECT && array && (field.equals("items") || field.equals("rows"))) {
        copyArray(p, g, field.equals("items") ? Level.OBJECT : Level.ROW);
      } else if (level == Level.ROW && field.equals("object") && object) {
        copyObject(p, g, Level.OBJECT);
      } else if (level == Level.OBJECT && field.equals("metadata") && object) {
        copyObject(p, g, Level.METADATA);
      } else if (level == Level.METADATA && field.equals("annotations") && object) {
        copyObject(p, g, Level.ANNOTATIONS);
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
