package io.periscope.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.Main;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The assembled server records logins into the configured store, serves them by read scope, and the CLI verifies the file. */
class AuditEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void loginsAreStoredServedByScopeAndVerifiable() throws Exception {
    Path db = dir.resolve("audit.db");
    try (var harness = new PeriscopeHarness(Map.of("audit.sqlitePath", db.toString(), "audit.stdout", "false",
        "auth.authorization.auditAdminGroups", "security"), Clock.systemUTC(), true)) {
      TestBrowser admin = harness.browser();
      admin.login("sec-ann", List.of("security"));
      TestBrowser dev = harness.browser();
      dev.login("dev-dan", List.of("devs"));

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> actors(admin.get("/api/audit")).containsAll(List.of("sec-ann", "dev-dan")));
      assertThat(actors(dev.get("/api/audit"))).containsOnly("dev-dan");
      assertThat(actors(dev.get("/api/audit?actor=sec-ann"))).isEmpty();
      assertThat(JSON.readTree(admin.get("/api/audit?verb=auth.login").body()).get("items").get(0).get("verb").asText()).isEqualTo("auth.login");
      assertThat(admin.get("/api/audit?verbb=x").statusCode()).isEqualTo(400);
    }
    // The server is stopped and the queue drained: the file on disk verifies.
    int exit = new CommandLine(new Main()).execute("audit", "verify", "--db", db.toString());
    assertThat(exit).isZero();
  }

  private static List<String> actors(java.net.http.HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(r.body()).get("items");
    return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(i -> i.get("actor").get("sub").asText()).toList();
  }
}
