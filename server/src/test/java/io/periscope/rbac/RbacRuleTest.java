package io.periscope.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule matching as the apiserver's RBAC authorizer does it (plugin/pkg/auth/authorizer/rbac: VerbMatches, APIGroupMatches, ResourceMatches). */
class RbacRuleTest {
  private static List<String> list(String csv) {
    return csv.isEmpty() ? List.of() : List.of(csv.split(" "));
  }

  @ParameterizedTest(name = "verbs [{0}] groups [{1}] resources [{2}] vs {3} {4}/{5} -> {6}")
  @CsvSource(delimiter = '|', emptyValue = "", value = {
      "get list    | ''   | pods          | get    | ''   | pods         | true",
      "get list    | ''   | pods          | delete | ''   | pods         | false",
      "*           | ''   | pods          | delete | ''   | pods         | true",
      "get         | apps | deployments   | get    | ''   | deployments  | false",
      "get         | *    | deployments   | get    | apps | deployments  | true",
      "get         | ''   | *             | get    | ''   | secrets      | true",
      "get         | ''   | pods          | get    | ''   | pods/log     | false",
      "get         | ''   | pods/log      | get    | ''   | pods/log     | true",
      "create      | ''   | pods/exec     | create | ''   | pods/exec    | true",
      "update      | apps | */scale       | update | apps | deployments/scale | true",
      "update      | apps | */scale       | update | apps | deployments  | false",
      "create      | ''   | pods/*        | create | ''   | pods/exec    | false",
  })
  void matchesLikeTheRbacAuthorizer(String verbs, String groups, String resources, String verb, String group, String resource,
      boolean allowed) {
    var rule = new RbacRule(list(verbs), groups.isEmpty() ? List.of("") : list(groups), list(resources), List.of(), List.of());

    assertThat(rule.allows(verb, group, resource)).isEqualTo(allowed);
  }
}
