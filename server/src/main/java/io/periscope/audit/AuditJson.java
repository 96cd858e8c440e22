package io.periscope.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * The one wire shape of an audit event, shared by the stdout sink, the API and the NDJSON export.
 * Field names are stable (SIEM rules match them): {@code id} (stored events only), {@code time}
 * (ISO-8601), {@code requestId}, {@code actor{sub,email,groups}}, {@code verb} and
 * {@code outcome} (wire names), {@code target{cluster,namespace,resource,name}}, {@code reason},
 * {@code extra}.
 */
public final class AuditJson {
  /** Map keys sorted so the same extra always serializes to the same text. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private AuditJson() {}

  public static void write(JsonGenerator g, OptionalLong id, AuditEvent e) throws IOException {
    g.writeStartObject();
    if (id.isPresent()) {
      g.writeNumberField("id", id.getAsLong());
    }
    g.writeStringField("time", e.time().toString());
    g.writeStringField("requestId", e.requestId());
    g.writeObjectFieldStart("actor");
    g.writeStringField("sub", e.actor().sub());
    g.writeStringField("email", e.actor().email());
    writeStrings(g, "groups", e.actor().groups());
    g.writeEndObject();
    g.writeStringField("verb", e.verb().wireName());
    writeTarget(g, e.target());
    g.writeStringField("outcome", e.outcome().wireName());
    g.writeStringField("reason", e.reason());
    g.writeFieldName("extra");
    MAPPER.writeValue(g, e.extra());
    g.writeEndObject();
  }

  /** {@code name: [values...]}; shared by the API and the stdout SIEM shapes. */
  static void writeStrings(JsonGenerator g, String name, java.util.List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** {@code target: {cluster, namespace, resource, name}}; shared by the API and the stdout SIEM shapes. */
  static void writeTarget(JsonGenerator g, AuditEvent.Target t) throws IOException {
    g.writeObjectFieldStart("target");
    g.writeStringField("cluster", t.cluster());
    g.writeStringField("namespace", t.namespace());
    g.writeStringField("resource", t.resource());
    g.writeStringField("name", t.name());
    g.writeEndObject();
  }

  /** One line of JSON (no trailing newline). */
  public static String line(OptionalLong id, AuditEvent e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(g, id, e);
    } catch (IOException ex) {
      throw new UncheckedIOException("serialize audit event " + e.requestId(), ex);
    }
    return out.toString();
  }
}
