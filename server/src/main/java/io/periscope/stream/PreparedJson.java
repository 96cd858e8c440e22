package io.periscope.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value serialized once and written as-is to every stream that receives it: one apiserver
 * change fans out to many browser tabs without re-serializing the object per tab. Jackson writes it
 * raw too (the polling endpoint).
 */
public final class PreparedJson implements JsonSerializable {
  private final byte[] utf8;

  PreparedJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** The UTF-8 bytes; callers must not modify them. */
  public byte[] utf8() {
    return utf8;
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    gen.writeRawValue(toString());
  }

  @Override
  public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
    serialize(gen, serializers);
  }

  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
