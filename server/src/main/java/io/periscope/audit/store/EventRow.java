package io.periscope.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditJson;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An event exactly as its columns store it. The hash is computed over these values, so they are
 * normalized once on the way in: time truncated to microseconds (what PostgreSQL keeps), NUL
 * characters replaced, groups and extra as canonical JSON text (extra keys sorted).
 */
record EventRow(
    long id, long timeUs, String requestId, String actorSub, String actorEmail, String actorGroups,
    String verb, String cluster, String namespace, String resource, String name, String outcome,
    String reason, String extra) {

  /** Column list in the order used by {@link #bind} and {@link #read}. */
  static final String COLUMNS =
      "id, time_us, request_id, actor_sub, actor_email, actor_groups, verb, cluster, namespace, resource, name, outcome, reason, extra";

  private static final TypeReference<List<String>> GROUPS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> EXTRA = new TypeReference<>() {};

  static EventRow of(long id, AuditEvent e) {
    Instant t = e.time().truncatedTo(ChronoUnit.MICROS);
    long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    AuditEvent.Target target = e.target() == null ? AuditEvent.Target.NONE : e.target();
    return new EventRow(id, micros, clean(e.requestId()), clean(e.actor().sub()), clean(e.actor().email()),
        json(e.actor().groups().stream().map(EventRow::clean).toList()), e.verb().wireName(),
        clean(target.cluster()), clean(target.namespace()), clean(target.resource()), clean(target.name()),
        e.outcome().wireName(), clean(e.reason()), json(e.extra()));
  }

  AuditEvent toEvent() {
    try {
      Instant time = Instant.ofEpochSecond(Math.floorDiv(timeUs, 1_000_000L), Math.floorMod(timeUs, 1_000_000L) * 1_000L);
      Verb v = Verb.parse(verb).orElseThrow(() -> new IllegalStateException("audit row " + id + ": unknown verb " + verb));
      Outcome o = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
      return new AuditEvent(time, requestId,
          new AuditEvent.Actor(actorSub, actorEmail, AuditJson.MAPPER.readValue(actorGroups, GROUPS)), v,
          new AuditEvent.Target(cluster, namespace, resource, name), o, reason,
          AuditJson.MAPPER.readValue(extra, EXTRA));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit row " + id + ": unreadable JSON column", e);
    }
  }

  /** Target text for full-text search. */
  String targetText() {
    return String.join(" ", cluster, namespace, resource, name);
  }

  void bind(PreparedStatement ps) throws SQLException {
    ps.setLong(1, id);
    ps.setLong(2, timeUs);
    String[] text = {requestId, actorSub, actorEmail, actorGroups, verb, cluster, namespace, resource, name, outcome, reason, extra};
    for (int i = 0; i < text.length; i++) {
      ps.setString(i + 3, text[i]);
    }
  }

  static EventRow read(ResultSet rs) throws SQLException {
    return new EventRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14));
  }

  private static String clean(String s) {
    return s == null ? "" : s.replace('\u0000', '\uFFFD');
  }

  private static String json(Object value) {
    try {
      return AuditJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit event field is not serializable as JSON", e);
    }
  }
}
