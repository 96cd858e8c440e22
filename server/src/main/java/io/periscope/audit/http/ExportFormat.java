package io.periscope.audit.http;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditJson;
import io.periscope.audit.store.StoredEvent;
import io.periscope.problem.Problem;
import java.util.Arrays;
import java.util.OptionalLong;

/** Export encodings. CSV follows RFC 4180; cells that a spreadsheet would run as a formula get a leading {@code '}. */
enum ExportFormat {
  CSV("text/csv; charset=utf-8", "csv"),
  NDJSON("application/x-ndjson", "ndjson");

  static final String CSV_HEADER =
      "id,time,requestId,actorSub,actorEmail,actorGroups,verb,cluster,namespace,resource,name,outcome,reason,extra\r\n";

  final String contentType;
  final String extension;

  ExportFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  static ExportFormat parse(String value) {
    return Arrays.stream(values()).filter(f -> f.extension.equals(value)).findFirst()
        .orElseThrow(() -> Problem.badRequest("unknown export format '" + value + "'; use format=csv or format=ndjson"));
  }

  String header() {
    return this == CSV ? CSV_HEADER : "";
  }

  String line(StoredEvent row) {
    if (this == NDJSON) {
      return AuditJson.line(OptionalLong.of(row.id()), row.event()) + "\n";
    }
    AuditEvent e = row.event();
    String extra;
    try {
      extra = AuditJson.MAPPER.writeValueAsString(e.extra());
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("audit row " + row.id() + ": extra not serializable", ex);
    }
    return String.join(",", Long.toString(row.id()), e.time().toString(), cell(e.requestId()), cell(e.actor().sub()),
        cell(e.actor().email()), cell(String.join(";", e.actor().groups())), e.verb().wireName(), cell(e.target().cluster()),
        cell(e.target().namespace()), cell(e.target().resource()), cell(e.target().name()), e.outcome().wireName(),
        cell(e.reason()), cell(extra)) + "\r\n";
  }

  static String cell(String value) {
    String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
