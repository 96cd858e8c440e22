package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A StatefulSet whose rolling update the apiserver's ValidateStatefulSetUpdateStrategy refuses (a maxUnavailable that is
 * no percentage, 0, negative or above 100%; a negative partition) is refused with its 422 Invalid Status, whichever write
 * carries it (a create, a patch, a PUT, an apply), and nothing is stored. Before, the store kept it and the demo's
 * StatefulSet controller read it as it could.
 */
class DemoStatefulSetValidationTest extends OnItsOwnDemoCluster {
  private static final String NS = "platform";
  private static final String SET = "cache";
  private static final String FIELD = "spec.updateStrategy.rollingUpdate.";

  private StatefulSet cache() {
    return new StatefulSetBuilder().withNewMetadata().withName(SET).withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withServiceName(SET).withNewSelector().withMatchLabels(Map.of("app", SET)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", SET)).endMetadata()
        .withNewSpec().addNewContainer().withName(SET).withImage("valkey/valkey:8.0.1").endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  private StatefulSet stored() {
    return client.apps().statefulSets().inNamespace(NS).withName(SET).get();
  }

  private KubernetesClientException refusedPatch(PatchType type, String patch) {
    return catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().statefulSets().inNamespace(NS).withName(SET).patch(PatchContext.of(type), patch));
  }

  private static StatusCause onlyCause(KubernetesClientException e) {
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("StatefulSet");
    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("apps");
    assertThat(e.getStatus().getDetails().getName()).isEqualTo(SET);
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(1);
    return e.getStatus().getDetails().getCauses().getFirst();
  }

  @Test
  void aMaxUnavailableThatIsNoNumberIsRefusedWithBothErrorsAndNothingStored() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();
    StatefulSet before = stored();

    KubernetesClientException e = refusedPatch(PatchType.STRATEGIC_MERGE,
        "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"abc\"}},\"template\":{\"spec\":{\"containers\":"
            + "[{\"name\":\"" + SET + "\",\"image\":\"valkey/valkey:8.0.2\"}]}}}}");

    assertThat(e).as("refused").isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    // "abc" reads as 0, as the apiserver's getIntOrPercentValue reads it, so it is also a maxUnavailable of 0.
    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField() + ": " + c.getMessage())
        .containsExactly(FIELD + "maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be "
            + "a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
            FIELD + "maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: cannot be 0");
    assertThat(e.getStatus().getMessage()).startsWith("StatefulSet.apps \"" + SET + "\" is invalid: [" + FIELD + "maxUnavailable: ");
    StatefulSet after = stored();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.1");
    assertThat(client.pods().inNamespace(NS).withLabel("app", SET).list().getItems())
        .allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("valkey/valkey:8.0.1"));
  }

  @Test
  void aMaxUnavailableOfZeroIsRefused() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();

    StatusCause cause = onlyCause(refusedPatch(PatchType.JSON_MERGE, "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":0}}}}"));

    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0");
  }

  @Test
  void aMaxUnavailableAbove100PercentIsRefusedFromAPut() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();
    StatefulSet edited = stored();
    edited.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("RollingUpdate")
        .withNewRollingUpdate().withMaxUnavailable(new IntOrString("101%")).endRollingUpdate().build());

    StatusCause cause = onlyCause(catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().statefulSets().inNamespace(NS).resource(edited).update()));

    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%");
  }

  @Test
  void aNegativeMaxUnavailableIsRefusedFromAnApply() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();
    StatefulSet applied = cache();
    applied.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("RollingUpdate")
        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(-2)).endRollingUpdate().build());

    StatusCause cause = onlyCause(catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().statefulSets().inNamespace(NS).resource(applied).fieldManager("periscope").forceConflicts().serverSideApply()));

    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: -2: must be greater than or equal to 0");
  }

  @Test
  void aCreateWithANegativePartitionIsRefusedAndNotStored() {
    StatefulSet fresh = cache();
    fresh.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("RollingUpdate")
        .withNewRollingUpdate().withPartition(-1).endRollingUpdate().build());

    StatusCause cause = onlyCause(catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().statefulSets().inNamespace(NS).resource(fresh).create()));

    assertThat(cause.getField()).isEqualTo(FIELD + "partition");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: -1: must be greater than or equal to 0");
    assertThat(stored()).isNull();
    assertThat(client.pods().inNamespace(NS).withLabel("app", SET).list().getItems()).isEmpty();
  }

  @Test
  void aPartitionAndAPercentageWithinBoundsAreStored() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();

    client.apps().statefulSets().inNamespace(NS).withName(SET).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1,\"maxUnavailable\":\"100%\"}}}}");

    assertThat(stored().getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("100%");
    assertThat(stored().getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isEqualTo(1);
  }
  @Test
  void onDeleteWithARollingUpdateBlockIsRefusedFromACreateAndNotStored() {
    StatefulSet fresh = cache();
    fresh.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder().withType("OnDelete")
        .withNewRollingUpdate().withPartition(0).endRollingUpdate().build());

    StatusCause cause = onlyCause(catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().statefulSets().inNamespace(NS).resource(fresh).create()));

    assertThat(cause.getField()).isEqualTo("spec.updateStrategy.rollingUpdate");
    assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:0, "
        + "MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'");
    assertThat(stored()).isNull();
  }

  @Test
  void aMergePatchToOnDeleteMustDropTheRollingUpdateBlock() {
    client.apps().statefulSets().inNamespace(NS).resource(cache()).create();
    client.apps().statefulSets().inNamespace(NS).withName(SET).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}}}}");

    // The stored block stays beside the new type, as a real apiserver merges it, and is refused there.
    StatusCause cause = onlyCause(refusedPatch(PatchType.JSON_MERGE, "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\"}}}"));
    assertThat(cause.getField()).isEqualTo("spec.updateStrategy.rollingUpdate");
    assertThat(cause.getMessage()).endsWith(": only allowed for updateStrategy 'RollingUpdate'");
    assertThat(stored().getSpec().getUpdateStrategy().getType()).isNotEqualTo("OnDelete");

    client.apps().statefulSets().inNamespace(NS).withName(SET).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}");

    assertThat(stored().getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(stored().getSpec().getUpdateStrategy().getRollingUpdate()).isNull();
  }
}
