package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedRefusalTest {
  @Test
  void aRefusalIsSaidWhenNewWhenItsReasonChangesAndEveryTwentiethRepeat() {
    var refusal = new RepeatedRefusal();
    List<Integer> said = new ArrayList<>();
    for (int attempt = 0; attempt < 45; attempt++) {
      said.add(refusal.seen("identity_missing: …"));
    }
    assertThat(said.getFirst()).isZero();
    assertThat(said.stream().filter(n -> n >= 0).toList()).containsExactly(0, 20, 40);

    assertThat(refusal.seen("certificate_revoked: …")).as("another reason is news").isZero();
    assertThat(refusal.seen("certificate_revoked: …")).isEqualTo(-1);
  }

  @Test
  void afterTheAgentWasWelcomedTheSameRefusalIsNewsAgain() {
    var refusal = new RepeatedRefusal();
    refusal.seen("identity_conflict: …");
    assertThat(refusal.seen("identity_conflict: …")).isEqualTo(-1);
    refusal.reset();
    assertThat(refusal.seen("identity_conflict: …")).isZero();
  }
}
