package io.periscope.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.k8s.Apiserver;
import io.periscope.testkit.MockApiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Discovery against the fabric8 mock in both formats: aggregated ({@code apidiscovery.k8s.io/v2},
 * one round of {@code /api}, {@code /apis} and the CRDs) and the older one (a second round per group
 * version), which must give the same kinds; CRDs, stale versions and non-discovery answers.
 */
class DiscoveryLoaderTest {
  private final DiscoveryLoader loader = new DiscoveryLoader(new Apiserver(Duration.ofSeconds(10)));

  @Test
  void anAggregatedAnswerGivesTheSameKindsAsTheOlderFormatInOneRound() throws Exception {
    try (var older = new MockApiServer().serveDiscovery(); var aggregated = new MockApiServer().serveAggregatedDiscovery((root, doc) -> { })) {
      for (MockApiServer api : List.of(older, aggregated)) {
        api.client().apiextensions().v1().customResourceDefinitions().resource(ResourceFixtures.crd("example.com", "Widget", "widgets", false)).create();
        api.drainRequests();
      }

      DiscoveryLoader.Loaded fromOlder = loader.load("c", older.client());
      DiscoveryLoader.Loaded fromAggregated = loader.load("c", aggregated.client());

      assertThat(fromAggregated.problems()).isEmpty();
      assertThat(fromAggregated.kinds()).isEqualTo(fromOlder.kinds());
      assertThat(fromAggregated.kinds()).containsKeys("/v1/pods", "apps/v1/deployments", "autoscaling/v1/horizontalpodautoscalers",
          "example.com/v1/widgets");
      assertThat(fromAggregated.kinds().get("apps/v1/deployments").subresources()).contains("scale");
      assertThat(fromAggregated.kinds().get("autoscaling/v2/horizontalpodautoscalers").preferred()).isTrue();
      assertThat(fromAggregated.kinds().get("autoscaling/v1/horizontalpodautoscalers").preferred()).isFalse();
      assertThat(fromAggregated.crdFingerprint()).isEqualTo(fromOlder.crdFingerprint()).contains("widgets.example.com");

      List<RecordedRequest> asked = aggregated.drainRequests();
      assertThat(asked).extracting(RecordedRequest::getPath).containsExactlyInAnyOrder("/api", "/apis", DiscoveryLoader.CRDS);
      assertThat(asked).filteredOn(r -> !r.getPath().equals(DiscoveryLoader.CRDS))
          .allSatisfy(r -> assertThat(r.getHeader("Accept")).startsWith("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
      assertThat(older.drainRequests()).extracting(RecordedRequest::getPath).contains("/api", "/apis", "/api/v1", "/apis/apps/v1",
          "/apis/autoscaling/v1", "/apis/autoscaling/v2", DiscoveryLoader.CRDS);
    }
  }

  @Test
  void aVersionTheApiserverMarksStaleIsLeftOutAndReported() {
    try (var api = new MockApiServer().serveAggregatedDiscovery((root, doc) -> {
      if (root.equals("/apis")) {
        doc.path("items").forEach(g -> g.path("versions").forEach(v -> {
          if (g.path("metadata").path("name").asText().equals("autoscaling") && v.path("version").asText().equals("v1")) {
            ((ObjectNode) v).put("freshness", "Stale");
          }
        }));
      }
    })) {
      DiscoveryLoader.Loaded loaded = loader.load("c", api.client());

      assertThat(loaded.problems()).singleElement().asString().startsWith("autoscaling/v1: ").contains("stale");
      assertThat(loaded.kinds()).containsKey("autoscaling/v2/horizontalpodautoscalers").doesNotContainKey("autoscaling/v1/horizontalpodautoscalers");
      assertThat(loaded.kinds()).containsKeys("/v1/pods", "apps/v1/deployments");
    }
  }

  @Test
  void anApiserverWhoseRootIsNoDiscoveryDocumentFailsInsteadOfServingNoKinds() {
    try (var api = new MockApiServer()) { // the CRUD mock answers /api and /apis, but not with discovery
      assertThatThrownBy(() -> loader.load("c", api.client())).isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("did not answer a discovery document");
    }
  }
}
