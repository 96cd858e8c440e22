package io.periscope.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutJsonSinkTest {
  @Test
  void writesOneJsonObjectPerLineWithStableFieldNames() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StdoutJsonSink sink = new StdoutJsonSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    sink.write(List.of(AuditEvents.simple("r1", "alice"),
        AuditEvents.event("r2", "bob", Verb.SECRET_REVEAL, "prod", "pay", "secrets", "db", Outcome.DENIED, "line\nbreak", AuditEvents.T0)));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    // The FAQ's SIEM line: audit.event with actor, verb, target, outcome, request_id, reason.
    assertThat(second.fieldNames()).toIterable()
        .containsExactly("msg", "time", "actor", "actor_email", "actor_groups", "verb", "target", "outcome", "request_id", "reason", "extra");
    assertThat(second.get("msg").asText()).isEqualTo("audit.event");
    assertThat(second.get("time").asText()).isEqualTo(AuditEvents.T0.toString());
    assertThat(second.get("actor").asText()).isEqualTo("bob");
    assertThat(second.get("request_id").asText()).isEqualTo("r2");
    assertThat(second.get("verb").asText()).isEqualTo("secret_reveal");
    assertThat(second.get("outcome").asText()).isEqualTo("denied");
    assertThat(second.get("target").get("name").asText()).isEqualTo("db");
    assertThat(second.get("reason").asText()).isEqualTo("line\nbreak");
  }
}
