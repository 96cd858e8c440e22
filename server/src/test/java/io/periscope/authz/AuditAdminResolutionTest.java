package io.periscope.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who reads everyone's audit rows, per mode (docs/setup/audit.md): {@code auditAdminGroups}
 * decides alone when set; otherwise tier mode's {@code admin} tier, shared mode's
 * {@code allowedGroups}, and nobody in raw mode. Checked after a real login, on whoami and on
 * {@code /api/audit} itself. Administering the console (ending other people's sessions) is tier
 * admin or the explicit list only: shared mode's fallback reads the audit log and nothing more.
 */
class AuditAdminResolutionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  static List<Arguments> cases() {
    var tier = Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "sre=admin,devs=write");
    var tierWithList = Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "sre=admin,devs=write",
        "auth.authorization.auditAdminGroups", "sec");
    var shared = Map.of("auth.authorization.mode", "shared", "auth.authorization.allowedGroups", "periscope-users,sec");
    var sharedWithList = Map.of("auth.authorization.mode", "shared", "auth.authorization.allowedGroups", "periscope-users,sec",
        "auth.authorization.auditAdminGroups", "sec");
    var raw = Map.of("auth.authorization.mode", "raw");
    var rawWithList = Map.of("auth.authorization.mode", "raw", "auth.authorization.auditAdminGroups", "sec");
    return List.of(
        Arguments.of("tier, no list: the admin tier reads everything", tier, List.of("sre"), true, true),
        Arguments.of("tier, no list: the write tier reads its own", tier, List.of("devs"), false, false),
        Arguments.of("tier, list set: a listed group without any tier", tierWithList, List.of("sec"), true, true),
        Arguments.of("tier, list set: the list decides alone, tier admin outside it reads its own", tierWithList, List.of("sre"), false, true),
        Arguments.of("shared, no list: members of allowedGroups read all, but administer nothing", shared, List.of("periscope-users"), true, false),
        Arguments.of("shared, list set: allowedGroups membership no longer enough", sharedWithList, List.of("periscope-users"), false, false),
        Arguments.of("shared, list set: the listed group", sharedWithList, List.of("sec", "periscope-users"), true, true),
        Arguments.of("shared, neither list: nobody", Map.of("auth.authorization.mode", "shared"), List.of("anything"), false, false),
        Arguments.of("raw, no list: nobody, even with an admin-sounding group", raw, List.of("sre", "admins"), false, false),
        Arguments.of("raw, list set: the explicit grant, matched unprefixed", rawWithList, List.of("sec"), true, true));
  }

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void auditScopeFollowsTheMode(String name, Map<String, String> config, List<String> groups, boolean admin, boolean administrator)
      throws Exception {
    var all = new java.util.HashMap<>(config);
    all.put("audit.sqlitePath", dir.resolve("audit.db").toString());
    all.put("audit.stdout", "false");
    harness = new PeriscopeHarness(all, java.time.Clock.systemUTC(), true);
    TestBrowser other = harness.browser();
    other.login("someone-else", List.of("sec", "periscope-users", "sre"));
    other.mutate("POST", "/api/auth/logout", "");
    TestBrowser me = harness.browser();
    me.login("me", groups);

    // Rows are written in order: once my own sign-in is readable, the other person's rows are stored too.
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> JSON.readTree(me.get("/api/audit?actor=me").body()).get("items").size() > 0);
    var who = JSON.readTree(me.get("/api/auth/whoami").body());
    var rows = JSON.readTree(me.get("/api/audit?actor=someone-else").body());

    assertThat(who.get("auditAdmin").asBoolean()).isEqualTo(admin);
    assertThat(rows.get("items").size() > 0).as("sees someone else's rows").isEqualTo(admin);
    // Administering the console (agents, other people's sessions) never follows a mode's audit fallback.
    assertThat(who.get("administrator").asBoolean()).isEqualTo(administrator);
    assertThat(me.mutate("DELETE", "/api/auth/sessions/someone-else", "").statusCode()).isEqualTo(administrator ? 200 : 403);
  }
}
