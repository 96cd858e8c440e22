package io.periscope.resources.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;
import io.periscope.resources.AccessReviews;

/**
 * {@code POST /api/clusters/{c}/can-i} bodies, read and checked exactly as the route does before
 * it asks the apiserver: a batch of well-formed checks, or a 400 naming the problem. The scale and
 * reveal bodies go through the same reader.
 */
class CanIRequestFuzzTest {
  @FuzzTest
  void canIBodies(byte[] data) {
    String body = FuzzChecks.text(data);
    FuzzChecks.onlyClientErrors(body, () -> {
      var checks = Requests.json(body, ResourceActionRoutes.CanIRequest.class).checks();
      AccessReviews.requireBatch(checks);
      assertThat(checks).allSatisfy(c -> {
        assertThat(c.verb()).isNotBlank();
        assertThat(c.resource()).isNotBlank();
        assertThat(c.group()).isNotNull();
        assertThat(c.namespace()).isNotNull();
        assertThat(c.name()).isNotNull();
        assertThat(c.subresource()).isNotNull();
      });
    });
    FuzzChecks.onlyClientErrors(body, () -> Requests.json(body, ResourceActionRoutes.ScaleRequest.class));
    FuzzChecks.onlyClientErrors(body, () -> Requests.json(body, ResourceActionRoutes.RevealRequest.class));
  }
}
