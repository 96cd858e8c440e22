package io.periscope.audit.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.periscope.audit.AuditJson;
import io.periscope.audit.Verb;
import io.periscope.audit.store.ChainVerification;
import io.periscope.audit.store.StoredEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** JSON bodies of the audit API. */
final class AuditResponses {
  private AuditResponses() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** {@code {"items":[...], "nextCursor": "..." | null}} */
  static String page(List<StoredEvent> items, Optional<String> nextCursor) {
    return json(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (StoredEvent item : items) {
        AuditJson.write(g, OptionalLong.of(item.id()), item.event());
      }
      g.writeEndArray();
      g.writeStringField("nextCursor", nextCursor.orElse(null));
      g.writeEndObject();
    });
  }

  /** One event, as an item of {@link #page}. */
  static String event(StoredEvent item) {
    return json(g -> AuditJson.write(g, OptionalLong.of(item.id()), item.event()));
  }

  /**
   * {@code {"kinds": [{"kind", "inChanges", "verbs": [...]}]}}: every verb by its kind, in declaration order;
   * {@code inChanges} says whether {@code changes=true} shows the kind's verbs.
   */
  static String verbs() {
    return VERBS;
  }

  /** The verbs by kind never change while the server runs: written once. */
  private static final String VERBS = json(g -> {
    g.writeStartObject();
    g.writeArrayFieldStart("kinds");
    for (Verb.Kind kind : Verb.Kind.values()) {
      g.writeStartObject();
      g.writeStringField("kind", kind.wireName());
      g.writeBooleanField("inChanges", kind.inChanges());
      g.writeArrayFieldStart("verbs");
      for (Verb v : Verb.values()) {
        if (v.kind() == kind) {
          g.writeString(v.wireName());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  });

  /** {@code {"ok", "rowsChecked", "anchorId", "headId", "headHash", "brokenLink": {...} | null}} */
  static String verification(ChainVerification v) {
    return json(g -> {
      g.writeStartObject();
      g.writeBooleanField("ok", v.ok());
      g.writeNumberField("rowsChecked", v.rowsChecked());
      g.writeNumberField("anchorId", v.anchorId());
      g.writeNumberField("headId", v.headId());
      g.writeStringField("headHash", v.headHash());
      if (v.brokenLink().isPresent()) {
        ChainVerification.BrokenLink b = v.brokenLink().get();
        g.writeObjectFieldStart("brokenLink");
        g.writeNumberField("rowId", b.rowId());
        g.writeStringField("expectedHash", b.expectedHash());
        g.writeStringField("foundHash", b.foundHash());
        g.writeStringField("problem", b.problem());
        g.writeEndObject();
      } else {
        g.writeNullField("brokenLink");
      }
      g.writeEndObject();
    });
  }

  private static String json(Body body) {
    StringWriter out = new StringWriter(4096);
    try (JsonGenerator g = AuditJson.MAPPER.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("render audit response", e);
    }
    return out.toString();
  }
}
