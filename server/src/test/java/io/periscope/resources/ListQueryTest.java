package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The selector grammar checked before any apiserver call. */
class ListQueryTest {
  @ParameterizedTest
  @ValueSource(strings = {"app=web", "app==web", "app!=web", "tier in (web, api)", "env notin (prod)", "!canary", "canary",
      "app.kubernetes.io/name=periscope,tier=web", "app=", "example.com/team in (a,b),release!=1.2"})
  void acceptsValidLabelSelectors(String selector) {
    assertThatCode(() -> new ListQuery(null, selector, null, null, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"app===web", "app=web,,", "tier in (web", "=web", "app=we b", "-app=web", "app in web", "app in ()", "app notin ( )"})
  void rejectsInvalidLabelSelectors(String selector) {
    assertThatThrownBy(() -> new ListQuery(null, selector, null, null, null)).isInstanceOf(Problem.class)
        .hasMessageContaining("invalid labelSelector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status.phase=Running,spec.nodeName!=n1", "metadata.name==x", "type=Warning"})
  void acceptsValidFieldSelectors(String selector) {
    assertThatCode(() -> new ListQuery(null, null, selector, null, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status.phase", "=x", "a=b=c"})
  void rejectsInvalidFieldSelectors(String selector) {
    assertThatThrownBy(() -> new ListQuery(null, null, selector, null, null)).isInstanceOf(Problem.class)
        .hasMessageContaining("invalid fieldSelector");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10_001})
  void rejectsOutOfRangeLimits(int limit) {
    assertThatThrownBy(() -> new ListQuery(null, null, null, limit, null)).isInstanceOf(Problem.class);
  }
}
