package io.periscope.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each authorization mode, the exact {@code Impersonate-*} headers the apiserver receives for
 * a person with given IdP groups, and the cases where no apiserver call may happen at all. Shared
 * mode with the server's own identity (no header at all) is {@link SharedServerIdentityTest}.
 */
class ImpersonationHeadersTest {
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  static List<Arguments> cases() {
    Map<String, String> tier = Map.of("auth.authorization.mode", "tier",
        "auth.authorization.groupTiers", "viewers=read,oncall=triage,devs=write,leads=maintain,sre=admin");
    return List.of(
        Arguments.of("shared, sharedIdentity impersonate: everyone impersonates the shared group",
            Map.of("auth.authorization.mode", "shared", "auth.authorization.sharedIdentity", "impersonate"),
            List.of("devs", "system:masters"), List.of("periscope-shared")),
        Arguments.of("shared, sharedIdentity impersonate: custom shared group", Map.of("auth.authorization.mode", "shared",
            "auth.authorization.sharedIdentity", "impersonate", "auth.authorization.sharedGroup", "everyone-view"),
            List.of(), List.of("everyone-view")),
        Arguments.of("tier: single tier", tier, List.of("viewers"), List.of("periscope-tier:read")),
        Arguments.of("tier: several tiers, highest wins", tier, List.of("viewers", "leads", "oncall", "devs"), List.of("periscope-tier:maintain")),
        Arguments.of("tier: admin beats everything", tier, List.of("sre", "viewers"), List.of("periscope-tier:admin")),
        Arguments.of("tier: unmapped groups ignored, default tier applies",
            Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "sre=admin", "auth.authorization.defaultTier", "read"),
            List.of("marketing", "system:masters"), List.of("periscope-tier:read")),
        Arguments.of("raw: groups prefixed, system:masters never bare", Map.of("auth.authorization.mode", "raw"),
            List.of("devs", "system:masters"), List.of("periscope:devs", "periscope:system:masters")),
        Arguments.of("raw: custom prefix", Map.of("auth.authorization.mode", "raw", "auth.authorization.groupPrefix", "corp-idp:"),
            List.of("Backend-Devs"), List.of("corp-idp:Backend-Devs")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void apiserverReceivesExactlyTheResolvedIdentity(String name, Map<String, String> config, List<String> idpGroups,
      List<String> expectedGroups) throws Exception {
    harness = new PeriscopeHarness(config);
    harness.apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments").endMetadata().build()).create();
    TestBrowser browser = harness.browser();
    assertThat(browser.login("auth0|alice", idpGroups).statusCode()).isEqualTo(302);
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("payments");
    List<RecordedRequest> calls = userCalls(harness.apiserver.drainRequests());
    assertThat(calls).hasSize(1);
    RecordedRequest call = calls.getFirst();
    assertThat(call.getHeaders().headers("Impersonate-User")).containsExactly("auth0|alice");
    assertThat(call.getHeaders().headers("Impersonate-Group")).containsExactlyElementsOf(expectedGroups);
    assertThat(call.getHeaders().toMultimap().keySet()).noneMatch(h -> h.toLowerCase().startsWith("impersonate-extra"));
    assertThat(call.getHeaders().headers("Impersonate-Group")).noneMatch(g -> g.startsWith("system:"));
  }

  @org.junit.jupiter.api.Test
  void aPersonInNoGroupIsToldSoInWordsNotAsAnEmptyList() {
    assertThat(IdentityResolver.noTierMessage(List.of())).startsWith("You have no access to the clusters: your sign-in carries no group.")
        .doesNotContain("[]");
  }

  @org.junit.jupiter.api.Test
  void tierModeWithoutMappedGroupAndEmptyDefaultIs403WithoutApiserverCall() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "tier", "auth.authorization.groupTiers", "sre=admin",
        "auth.authorization.defaultTier", ""));
    TestBrowser browser = harness.browser();
    browser.login("bob", List.of("marketing", "system:masters"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"no_identity\"").contains("You have no access to the clusters: none of your groups (marketing")
        .contains("Ask your Periscope administrator").contains("auth.authorization.groupTiers").contains("defaultTier");
    assertThat(userCalls(harness.apiserver.drainRequests())).isEmpty();
    assertThat(browser.get("/api/auth/whoami").body()).contains("\"tier\":null");
  }

  @org.junit.jupiter.api.Test
  void reservedSystemSubjectIsNeverImpersonated() throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    TestBrowser browser = harness.browser();
    browser.login("system:admin", List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(userCalls(harness.apiserver.drainRequests())).isEmpty();
  }

  /**
   * An apiserver trims the blanks around a header value (Go's net/http, like every HTTP/1.1 server),
   * so a subject that is a system: name once trimmed must be refused like the bare name: an IdP that
   * lets people pick their subject (a username) would otherwise hand out system:admin. (The OIDC
   * library trims the subject it reads, so the reserved-name check sees the name the apiserver would.)
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {" system:admin", "  system:kube-controller-manager", "system:admin "})
  void aSubjectThatIsASystemNameOnceTrimmedIsNeverImpersonated(String subject) throws Exception {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    TestBrowser browser = harness.browser();
    browser.login(subject, List.of("devs"));
    harness.apiserver.drainRequests();

    HttpResponse<String> r = browser.get("/api/clusters/" + PeriscopeHarness.CLUSTER + "/namespaces");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"no_identity\"");
    List<RecordedRequest> calls = userCalls(harness.apiserver.drainRequests());
    assertThat(calls).as("no request reached the apiserver as %s", calls.stream()
        .map(c -> c.getHeaders().headers("Impersonate-User")).toList()).isEmpty();
  }

  /** Requests made on behalf of a person (the background reachability probe asks /version as the server). */
  private static List<RecordedRequest> userCalls(List<RecordedRequest> all) {
    return all.stream().filter(r -> !r.getPath().startsWith("/version")).toList();
  }
}
