package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The demo's stand-in for the chart's tier RBAC, and how apiserver paths map to RBAC attributes. */
class DemoRbacTest {
  @ParameterizedTest(name = "{0} {1} {3}/{4} in ''{5}'' → {6}")
  @CsvSource({
      "read, list, '', pods, '', shop, true",
      "read, get, '', pods, log, shop, true",
      "read, get, '', secrets, '', shop, false",
      "read, patch, apps, deployments, '', shop, false",
      "read, create, '', pods, exec, shop, false",
      "triage, create, '', pods, exec, shop, true",
      "read, patch, '', pods, ephemeralcontainers, shop, false",
      "triage, patch, '', pods, ephemeralcontainers, shop, true",
      "triage, patch, apps, deployments, scale, shop, true",
      "triage, update, apps, statefulsets, scale, shop, true",
      "triage, patch, apps, replicasets, '', shop, false",
      "read, get, apps, deployments, scale, shop, true",
      "read, patch, apps, deployments, scale, shop, false",
      "read, update, apps, statefulsets, scale, shop, false",
      "triage, delete, apps, deployments, '', shop, false",
      "write, patch, apps, deployments, '', shop, true",
      "write, get, '', secrets, '', shop, true",
      "write, delete, '', nodes, '', '', false",
      "admin, delete, '', nodes, '', '', true",
      "none, list, '', pods, '', shop, false",
  })
  void tiers(String tier, String verb, String group, String resource, String sub, String ns, boolean allowed) {
    assertThat(DemoRbac.deny(tier, verb, group, resource, sub, ns) == null).isEqualTo(allowed);
  }

  @Test
  void theHighestTierGroupWinsAndUnimpersonatedRequestsAreUnrestricted() {
    assertThat(DemoRbac.tier(List.of("periscope-tier:read", "periscope-tier:write"))).isEqualTo("write");
    assertThat(DemoRbac.tier(List.of())).isNull();
    assertThat(DemoRbac.tier(List.of("other"))).isEqualTo("none");
    assertThat(DemoRbac.deny("read", "patch", "apps", "deployments", "", "shop"))
        .contains("read tier").contains("verb \"patch\"").contains("deployments.apps").contains("namespace \"shop\"");
  }

  @Test
  void requestPathsMapToRbacAttributes() {
    assertThat(DemoApiDispatcher.Target.of("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", null))
        .isEqualTo(new DemoApiDispatcher.Target("patch", "apps", "deployments", "", "shop", "web"));
    assertThat(DemoApiDispatcher.Target.of("GET", "/api/v1/namespaces/shop/pods/web/exec", "/x?command=sh"))
        .isEqualTo(new DemoApiDispatcher.Target("create", "", "pods", "exec", "shop", "web"));
    assertThat(DemoApiDispatcher.Target.of("GET", "/api/v1/pods", "/api/v1/pods?watch=true").verb()).isEqualTo("watch");
    assertThat(DemoApiDispatcher.Target.of("GET", "/api/v1/namespaces/shop", null))
        .isEqualTo(new DemoApiDispatcher.Target("get", "", "namespaces", "", "", "shop"));
    assertThat(DemoApiDispatcher.Target.of("GET", "/apis/apps/v1", null)).isNull();
  }
}
