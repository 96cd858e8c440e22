package io.periscope.audit;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes each event as one JSON line ({@link AuditJson} shape plus {@code "log":"audit"}) for a
 * log shipper to forward to the SIEM. The stream is flushed after every batch.
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
      String json = AuditJson.line(OptionalLong.empty(), e);
      lines.append("{\"log\":\"audit\",").append(json, 1, json.length()).append('\n');
    }
    out.print(lines);
    out.flush();
    if (out.checkError()) {
      throw new IllegalStateException("stdout audit sink: write failed");
    }
  }
}
