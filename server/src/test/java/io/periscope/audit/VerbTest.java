package io.periscope.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerbTest {
  @Test
  void theChangesFilterShowsWritesAndPrivilegedAccessButNoReadOrSignIn() {
    assertThat(Verb.changes()).contains(Verb.APPLY, Verb.DELETE, Verb.SCALE, Verb.RESTART, Verb.CORDON, Verb.EVICT, Verb.DEBUG,
        Verb.ADDON_WRITE, Verb.AGENT_CA_ROTATE, Verb.SESSION_REVOKE, Verb.EXEC, Verb.PORT_FORWARD, Verb.SECRET_REVEAL);
    assertThat(Verb.changes()).doesNotContain(Verb.LOG_OPEN, Verb.HELM_READ, Verb.AUDIT_EXPORT, Verb.INSPECTOR_REFRESH,
        Verb.LOGIN, Verb.LOGOUT, Verb.LOGIN_FAILED);
  }

  @Test
  void everyVerbNamedAReadIsOne() {
    assertThat(Arrays.stream(Verb.values()).filter(v -> v.wireName().endsWith("_read")))
        .isNotEmpty().allSatisfy(v -> assertThat(v.kind()).as(v.wireName()).isEqualTo(Verb.Kind.READ));
    assertThat(Arrays.stream(Verb.values()).filter(v -> v.wireName().startsWith("auth.") && v != Verb.SESSION_REVOKE))
        .allSatisfy(v -> assertThat(v.kind()).as(v.wireName()).isEqualTo(Verb.Kind.SIGN_IN));
  }
}
