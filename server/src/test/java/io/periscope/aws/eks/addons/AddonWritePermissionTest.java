package io.periscope.aws.eks.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.auth.AuthenticatedUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Principal;
import io.periscope.authz.Tier;
import io.periscope.problem.Problem;
import io.periscope.testkit.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddonWritePermissionTest {
  /** A person with {@code groups}, and in tier mode one group more that holds {@code tier}. */
  private static AuthenticatedUser user(AuthorizationMode mode, Optional<Tier> tier, String... groups) {
    TestUsers users = TestUsers.in(mode);
    List<String> all = new ArrayList<>(List.of(groups));
    tier.ifPresent(t -> {
      users.tier("tier-" + t.wireName(), t);
      all.add("tier-" + t.wireName());
    });
    return users.user(new Principal("p", "p@corp.example", all));
  }

  @Test
  void tierModeNeedsMaintainOrAbove() {
    var permission = new AddonWritePermission(Set.of("platform"));
    assertThat(permission.allows(user(AuthorizationMode.TIER, Optional.of(Tier.MAINTAIN)))).isTrue();
    assertThat(permission.allows(user(AuthorizationMode.TIER, Optional.of(Tier.ADMIN)))).isTrue();
    assertThat(permission.allows(user(AuthorizationMode.TIER, Optional.of(Tier.WRITE), "platform")))
        .as("the groups apply outside tier mode only").isFalse();
    assertThat(permission.allows(user(AuthorizationMode.TIER, Optional.empty()))).isFalse();
  }

  @Test
  void otherModesNeedAConfiguredGroupAndNoneMeansNobody() {
    var permission = new AddonWritePermission(Set.of("platform"));
    assertThat(permission.allows(user(AuthorizationMode.RAW, Optional.empty(), "devs", "platform"))).isTrue();
    assertThat(permission.allows(user(AuthorizationMode.SHARED, Optional.empty(), "devs"))).isFalse();
    var nobody = new AddonWritePermission(Set.of());
    assertThatThrownBy(() -> nobody.check(user(AuthorizationMode.RAW, Optional.empty(), "platform")))
        .isInstanceOf(Problem.class).hasMessageContaining("aws.addons.writeGroups names no IdP group");
  }

  @Test
  void addonVersionsOrderByTheirNumbers() {
    assertThat(List.of("v1.10.0-eksbuild.1", "v1.9.0-eksbuild.10", "v1.9.0-eksbuild.2").stream().sorted(AddonVersionOrder.ASCENDING).toList())
        .containsExactly("v1.9.0-eksbuild.2", "v1.9.0-eksbuild.10", "v1.10.0-eksbuild.1");
  }
}
