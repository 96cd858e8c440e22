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
    assertThat(second.fieldNames()).toIterable()
        .containsExactly("log", "time", "requestId", "actor", "verb", "target", "outcome", "reason", "extra");
    assertThat(second.get("log").asText()).isEqualTo("audit");
    assertThat(second.get("time").asText()).isEqualTo("2026-03-01T10:00:00.123456Z");
    assertThat(second.get("actor").get("sub").asText()).isEqualTo("bob");
    assertThat(second.get("verb").asText()).isEqualTo("secret_reveal");
    assertThat(second.get("outcome").asText()).isEqualTo("denied");
    assertThat(second.get("target").get("name").asText()).isEqualTo("db");
    assertThat(second.get("reason").asText()).isEqualTo("line\nbreak");
  }
}
