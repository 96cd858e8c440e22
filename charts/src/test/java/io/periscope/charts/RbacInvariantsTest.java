package io.periscope.charts;

import static io.periscope.charts.Charts.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security invariants that must hold for every values fixture of both charts (fixtures that are
 * meant to fail rendering are skipped): the rendered RBAC never lets Periscope impersonate a
 * system:* group or any group by wildcard (the one exception, read from the fixture: raw mode
 * without clusterRBAC.rawGroups, where RBAC cannot match the prefix), never impersonates
 * ServiceAccounts, never grants escalate/bind/impersonate by wildcard, and binds cluster-admin only
 * when the admin tier is explicitly enabled.
 */
class RbacInvariantsTest {

  /** Fixtures that exist to prove a render failure. */
  private static final List<String> FAILING = List.of("tier-admin-without-admintier.yaml", "sqlite-replicas.yaml");

  static Stream<Arguments> everyRenderableFixture() {
    return Stream.of(Chart.values())
        .flatMap(chart -> Charts.fixtures(chart).stream()
            .filter(f -> !FAILING.contains(f))
            .map(f -> Arguments.of(chart, f)));
  }

  /** Resources that the impersonate verb applies to. */
  private static final List<String> IMPERSONABLE = List.of("*", "users", "groups", "serviceaccounts", "uids");

  /** True when {@code rule} would let its holder set any Impersonate-* header. */
  static boolean grantsImpersonation(JsonNode rule) {
    List<String> verbs = strings(rule.path("verbs"));
    List<String> groups = strings(rule.path("apiGroups"));
    List<String> resources = strings(rule.path("resources"));
    boolean verb = verbs.contains("impersonate") || verbs.contains("*");
    boolean group = groups.contains("") || groups.contains("*") || groups.contains("authentication.k8s.io");
    boolean resource = resources.stream().anyMatch(r -> IMPERSONABLE.contains(r) || r.startsWith("userextras"));
    return verb && group && resource;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRenderableFixture")
  void groupImpersonationIsAlwaysAnExplicitListOfPeriscopeGroups(Chart chart, String fixture) {
    Rendered r = Charts.render(chart, fixture);
    for (JsonNode rule : r.rules()) {
      if (!grantsImpersonation(rule)) {
        continue;
      }
      assertThat(strings(rule.path("verbs"))).as("impersonation only by the explicit verb: %s", rule).containsExactly("impersonate");
      assertThat(strings(rule.path("resources"))).as("impersonation by resource wildcard: %s", rule).doesNotContain("*");
      assertThat(strings(rule.path("apiGroups"))).as("impersonation by apiGroup wildcard: %s", rule).doesNotContain("*");
      if (strings(rule.path("resources")).contains("groups")) {
        List<String> names = strings(rule.path("resourceNames"));
        if (FixtureValues.of(chart, fixture).rawWithoutListedGroups()) {
          // The one documented exception: raw mode without clusterRBAC.rawGroups (NOTES.txt warns).
          assertThat(names).as("raw mode without rawGroups: %s", rule).isEmpty();
          continue;
        }
        assertThat(names).as("groups impersonation must be restricted by resourceNames: %s", rule).isNotEmpty();
        assertThat(names)
            .allSatisfy(name -> {
              assertThat(name).doesNotStartWith("system:").doesNotContain("*");
              assertThat(name).matches("^(periscope-shared|periscope-tier:(read|triage|write|maintain|admin)|periscope:.+)$");
            });
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRenderableFixture")
  void noRoleGrantsEscalateOrBindOrWildcardVerbsOnRbac(Chart chart, String fixture) {
    for (JsonNode rule : Charts.render(chart, fixture).rules()) {
      List<String> verbs = strings(rule.path("verbs"));
      assertThat(verbs).as("rule %s", rule).doesNotContain("escalate", "bind");
      if (verbs.contains("*")) {
        assertThat(strings(rule.path("apiGroups"))).as("rule %s", rule).doesNotContain("*", "rbac.authorization.k8s.io");
        assertThat(strings(rule.path("resources"))).as("rule %s", rule).doesNotContain("clusterroles", "clusterrolebindings");
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRenderableFixture")
  void clusterAdminIsBoundOnlyWhenTheAdminTierIsEnabled(Chart chart, String fixture) {
    Rendered r = Charts.render(chart, fixture);
    boolean adminTierEnabled = FixtureValues.of(chart, fixture).adminTierBindsClusterAdmin();
    List<String> bindingsToClusterAdmin = Stream.concat(r.ofKind("ClusterRoleBinding").stream(), r.ofKind("RoleBinding").stream())
        .filter(b -> b.at("/roleRef/name").asText().equals("cluster-admin"))
        .map(b -> b.at("/metadata/name").asText())
        .toList();
    if (adminTierEnabled) {
      assertThat(bindingsToClusterAdmin).containsExactly("periscope-tier-admin");
    } else {
      assertThat(bindingsToClusterAdmin).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRenderableFixture")
  void impersonationRulesHoldOnlyImpersonateAndNeverServiceAccounts(Chart chart, String fixture) {
    Rendered r = Charts.render(chart, fixture);
    for (JsonNode rule : r.rules()) {
      if (grantsImpersonation(rule)) {
        assertThat(strings(rule.path("verbs"))).as("rule %s", rule).containsExactly("impersonate");
        assertThat(strings(rule.path("resources"))).as("the server never sends system:serviceaccount:* users: %s", rule)
            .doesNotContain("serviceaccounts");
      }
    }
    if (r.has("ClusterRole", "periscope-impersonator")) {
      for (JsonNode rule : r.one("ClusterRole", "periscope-impersonator").path("rules")) {
        assertThat(strings(rule.path("verbs"))).containsExactly("impersonate");
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRenderableFixture")
  void onlyTheImpersonatorRolesMayImpersonate(Chart chart, String fixture) {
    Rendered r = Charts.render(chart, fixture);
    for (JsonNode role : r.ofKind("ClusterRole")) {
      String name = role.at("/metadata/name").asText();
      boolean impersonator = name.equals("periscope-impersonator") || name.equals("ops-periscope-agent");
      for (JsonNode rule : role.path("rules")) {
        if (!impersonator) {
          assertThat(grantsImpersonation(rule)).as("%s must not grant impersonation: %s", name, rule).isFalse();
        }
      }
    }
  }

  /** What a fixture file asks for, read from the file itself (defaults as in values.yaml). */
  record FixtureValues(JsonNode values) {
    static FixtureValues of(Chart chart, String fixture) {
      try {
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(Charts.fixture(chart, fixture).toFile());
        return new FixtureValues(node == null ? NullNode.getInstance() : node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String mode() {
      return values.at("/auth/authorization/mode").asText("shared");
    }

    boolean clusterRbacEnabled() {
      return values.at("/clusterRBAC/enabled").asBoolean(true);
    }

    boolean rawWithoutListedGroups() {
      return mode().equals("raw") && values.at("/clusterRBAC/rawGroups").isEmpty();
    }

    /** The admin tier is on and points at the default cluster-admin. */
    boolean adminTierBindsClusterAdmin() {
      return clusterRbacEnabled()
          && mode().equals("tier")
          && values.at("/clusterRBAC/adminTier/enabled").asBoolean(false)
          && values.at("/clusterRBAC/adminTier/clusterRoleName").asText("cluster-admin").equals("cluster-admin");
    }
  }
}
