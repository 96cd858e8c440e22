package io.periscope.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.PrintStream;
import java.util.List;

/**
 * Writes each event as one JSON line for a log shipper to forward to the SIEM, in the shape the
 * original product documents (FAQ): {@code "msg":"audit.event"} with {@code actor} (the OIDC
 * subject), {@code verb}, {@code target}, {@code outcome}, {@code request_id} and {@code reason},
 * plus {@code time}, {@code actor_email}, {@code actor_groups} and {@code extra}. The HTTP API keeps
 * its own shape ({@link AuditJson}). The stream is flushed after every batch.
 */
public final class StdoutJsonSink implements AuditSink {
  private final PrintStream out;

  public StdoutJsonSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "stdout";
  }

  @Override
  public void write(List<AuditEvent> batch) {
    StringBuilder lines = new StringBuilder(batch.size() * 300);
    for (AuditEvent e : batch) {
      lines.append(line(e)).append('\n');
    }
    out.print(lines);
    out.flush();
    if (out.checkError()) {
      throw new IllegalStateException("stdout audit sink: write failed");
    }
  }

  /** One event in the SIEM line shape (no trailing newline). */
  static String line(AuditEvent e) {
    var w = new java.io.StringWriter(300);
    try (JsonGenerator g = AuditJson.MAPPER.getFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("msg", "audit.event");
      g.writeStringField("time", e.time().toString());
      g.writeStringField("actor", e.actor().sub());
      g.writeStringField("actor_email", e.actor().email());
      AuditJson.writeStrings(g, "actor_groups", e.actor().groups());
      g.writeStringField("verb", e.verb().wireName());
      AuditJson.writeTarget(g, e.target());
      g.writeStringField("outcome", e.outcome().wireName());
      g.writeStringField("request_id", e.requestId());
      g.writeStringField("reason", e.reason());
      g.writeFieldName("extra");
      AuditJson.MAPPER.writeValue(g, e.extra());
      g.writeEndObject();
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    return w.toString();
  }
}
