package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo's uids look as an apiserver's do (random version 4 UUIDs, not the CRUD mock's counter): a seeded object's is
 * the same on every start of its cluster and differs between clusters; one created later is random; owner references
 * and a create's answer carry the uid the object is stored with.
 */
class DemoUidsTest {
  private static final Pattern V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private static String kubeSystemUid(DemoEstate estate) throws Exception {
    try (DemoCluster cluster = DemoCluster.start(estate, Clock.systemUTC()); KubernetesClient client = DemoClusterClients.of(cluster)) {
      return client.namespaces().withName("kube-system").get().getMetadata().getUid();
    }
  }

  @Test
  void aSeededObjectsUidLooksRandomAndIsTheSameOnEveryStartOfItsCluster() throws Exception {
    String first = kubeSystemUid(DemoEstate.production());
    String again = kubeSystemUid(DemoEstate.production());
    String staging = kubeSystemUid(DemoEstate.staging());

    assertThat(first).matches(V4).doesNotStartWith("00000000");
    assertThat(again).isEqualTo(first);
    assertThat(staging).matches(V4).isNotEqualTo(first);
  }

  @Test
  void ownersAndCreatesCarryTheUidTheObjectIsStoredWith() throws Exception {
    try (DemoCluster cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC()); KubernetesClient client = DemoClusterClients.of(cluster)) {
      var rs = client.apps().replicaSets().inNamespace("payments").withLabel("app.kubernetes.io/name", "payments-api").list().getItems();
      var pods = client.pods().inNamespace("payments").withLabel("app.kubernetes.io/name", "payments-api").list().getItems();
      assertThat(pods).isNotEmpty().allSatisfy(p -> {
        assertThat(p.getMetadata().getUid()).matches(V4);
        assertThat(rs).anySatisfy(r -> assertThat(r.getMetadata().getUid()).isEqualTo(p.getMetadata().getOwnerReferences().getFirst().getUid()));
      });

      Pod created = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("probe").endMetadata()
          .withNewSpec().addNewContainer().withName("probe").withImage("busybox:1.37").endContainer().endSpec().build()).create();

      assertThat(created.getMetadata().getUid()).matches(V4)
          .isEqualTo(client.pods().inNamespace("default").withName("probe").get().getMetadata().getUid());
    }
  }
}
