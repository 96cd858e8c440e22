package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.problem.Problem;
import org.junit.jupiter.api.Test;

class ObjectAddressNameTest {
  @Test
  void aRefusedNameIsQuotedWithoutTheControlCharactersItCarried() {
    assertThatThrownBy(() -> ObjectAddress.requireName("name", "web\u202e\nX-Injected: 1"))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("invalid name 'web")
        .hasMessageNotContaining("\u202e")
        .hasMessageNotContaining("\n");
  }
}
