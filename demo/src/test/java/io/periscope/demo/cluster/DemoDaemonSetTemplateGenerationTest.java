package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo apiserver keeps a DaemonSet's {@code deprecated.daemonset.template.generation} as the real one does: 1 on a
 * create that names none, one more on each change of the pod template, unchanged by any other change, and a write of
 * the annotation itself is not kept. The pods the controller creates carry it as {@code pod-template-generation}.
 * Before, it stayed at the seeded "1" (or absent) whatever changed. On the staging cluster (two Ready nodes).
 */
class DemoDaemonSetTemplateGenerationTest extends OnItsOwnDemoCluster {
  private static final String NS = "kube-system";
  private static final String DS = "kube-proxy";
  private static final String ANNOTATION = "deprecated.daemonset.template.generation";

  @Override
  DemoEstate estate() {
    return DemoEstate.staging();
  }

  private String generation(String name) {
    return client.apps().daemonSets().inNamespace(NS).withName(name).get().getMetadata().getAnnotations().get(ANNOTATION);
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(NS).withLabel("k8s-app", app).list().getItems();
  }

  private void patch(String name, PatchType type, String patch) {
    client.apps().daemonSets().inNamespace(NS).withName(name).patch(PatchContext.of(type), patch);
  }

  private void setImage(String image) {
    patch(DS, PatchType.STRATEGIC_MERGE, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + DS + "\",\"image\":\"" + image + "\"}]}}}}");
  }

  @Test
  void eachTemplateChangeBumpsItAndTheNewPodsCarryIt() {
    assertThat(generation(DS)).isEqualTo("1");

    setImage("example/kube-proxy:v9.9.1");
    assertThat(generation(DS)).isEqualTo("2");
    assertThat(pods(DS)).isNotEmpty().allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-generation", "2"));

    setImage("example/kube-proxy:v9.9.2");
    assertThat(generation(DS)).isEqualTo("3");
    assertThat(pods(DS)).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-generation", "3"));
  }

  @Test
  void aChangeOutsideTheTemplateKeepsIt() {
    patch(DS, PatchType.JSON_MERGE, "{\"metadata\":{\"labels\":{\"team\":\"platform\"}},\"spec\":{\"minReadySeconds\":5}}");

    assertThat(generation(DS)).isEqualTo("1");
  }

  @Test
  void aWriteOfTheAnnotationItselfIsNotKept() {
    patch(DS, PatchType.JSON_MERGE, "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"7\"}}}");
    assertThat(generation(DS)).isEqualTo("1");

    patch(DS, PatchType.JSON_MERGE, "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":null}}}");
    assertThat(generation(DS)).isEqualTo("1");
  }

  private static DaemonSet agent(String name, Map<String, String> annotations) {
    return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withAnnotations(annotations).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("k8s-app", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("k8s-app", name)).endMetadata()
        .withNewSpec().addNewContainer().withName(name).withImage("fluent/fluent-bit:3.2.4").endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  @Test
  void aCreateGetsOneUnlessItNamesItsOwn() {
    client.apps().daemonSets().inNamespace(NS).resource(agent("log-shipper", Map.of())).create();
    client.apps().daemonSets().inNamespace(NS).resource(agent("restored", Map.of(ANNOTATION, "5"))).create();

    assertThat(generation("log-shipper")).isEqualTo("1");
    assertThat(pods("log-shipper")).isNotEmpty().allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-generation", "1"));
    assertThat(generation("restored")).isEqualTo("5");
  }
}
