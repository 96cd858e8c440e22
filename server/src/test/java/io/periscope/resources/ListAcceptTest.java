package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.k8s.Apiserver;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which list format the apiserver is asked for, per kind. */
class ListAcceptTest {
  private static ResourceKind kind(String group, String plural) {
    return new ResourceKind(group, "v1beta1", "X", plural, true, Set.of("list"), List.of(), Set.of(), true);
  }

  @Test
  void tablesEverywhereButTheMetricsApiWhoseTableHasNoUsage() {
    assertThat(ResourceReader.acceptFor(kind("", "pods"))).isEqualTo(Apiserver.TABLE_ACCEPT);
    assertThat(ResourceReader.acceptFor(kind("apps", "deployments"))).isEqualTo(Apiserver.TABLE_ACCEPT);
    assertThat(ResourceReader.acceptFor(kind("metrics.k8s.io", "pods"))).isEqualTo("application/json");
    assertThat(ResourceReader.acceptFor(kind("metrics.k8s.io", "nodes"))).doesNotContain("as=Table");
  }
}
