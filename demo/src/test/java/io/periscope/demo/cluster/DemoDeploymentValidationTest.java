package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Deployment whose rollingUpdate bounds the apiserver's validation refuses (a string that is no percentage, a
 * negative count, maxUnavailable above 100%, both zero) is refused with its 422 Invalid Status, whichever write
 * carries it, and nothing is stored. Before, the store kept it and the demo's rollout failed on it.
 */
class DemoDeploymentValidationTest extends OnItsOwnDemoCluster {
  private static final String NS = "payments";
  private static final String APP = "payments-api";
  private static final String FIELD = "spec.strategy.rollingUpdate.";

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName(APP).get();
  }

  private KubernetesClientException refusedPatch(PatchType type, String patch) {
    return catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().deployments().inNamespace(NS).withName(APP).patch(PatchContext.of(type), patch));
  }

  private static StatusCause onlyCause(KubernetesClientException e) {
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("Deployment");
    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("apps");
    assertThat(e.getStatus().getDetails().getName()).isEqualTo(APP);
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(1);
    return e.getStatus().getDetails().getCauses().getFirst();
  }

  @Test
  void aMaxSurgeThatIsNoPercentageIsRefusedAndNothingStored() {
    Deployment before = deployment();

    KubernetesClientException e = refusedPatch(PatchType.STRATEGIC_MERGE,
        "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"abc\"}},\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + APP
            + "\",\"image\":\"example/payments-api:2.15.0\"}]}}}}");

    StatusCause cause = onlyCause(e);
    assertThat(cause.getField()).isEqualTo(FIELD + "maxSurge");
    assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a "
        + "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
    assertThat(e.getStatus().getMessage()).isEqualTo("Deployment.apps \"" + APP + "\" is invalid: " + FIELD + "maxSurge: " + cause.getMessage());
    Deployment after = deployment();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).doesNotEndWith(":2.15.0");
    assertThat(client.apps().replicaSets().inNamespace(NS).withLabel("app.kubernetes.io/name", APP).list().getItems()).hasSize(3);
  }

  @Test
  void aMaxUnavailableAbove100PercentIsRefused() {
    StatusCause cause = onlyCause(refusedPatch(PatchType.JSON_MERGE, "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"150%\"}}}}"));

    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getMessage()).endsWith("StrVal:\"150%\"}: must not be greater than 100%");
  }

  @Test
  void bothZeroIsRefused() {
    StatusCause cause = onlyCause(refusedPatch(PatchType.JSON,
        "[{\"op\":\"add\",\"path\":\"/spec/strategy\",\"value\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"0%\"}}}]"));

    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0");
  }

  @Test
  void aNegativeCountIsRefusedFromAnApply() {
    Deployment live = deployment();
    live.getMetadata().setManagedFields(null);
    live.getMetadata().setResourceVersion(null);
    live.setStatus(null);
    live.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(-1)).endRollingUpdate().build());

    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().deployments().inNamespace(NS).resource(live).fieldManager("periscope").forceConflicts().serverSideApply());

    StatusCause cause = onlyCause(e);
    assertThat(cause.getField()).isEqualTo(FIELD + "maxUnavailable");
    assertThat(cause.getMessage()).isEqualTo("Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void aCreateWithACountAsAStringIsRefusedAndTwoErrorsAreListed() {
    Deployment fresh = new DeploymentBuilder().withNewMetadata().withName("canary").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "canary")).endSelector()
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("1"))
        .withMaxUnavailable(new IntOrString("101%")).endRollingUpdate().endStrategy()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "canary")).endMetadata()
        .withNewSpec().addNewContainer().withName("canary").withImage("example/canary:1.0.0").endContainer().endSpec().endTemplate()
        .endSpec().build();

    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> client.apps().deployments().inNamespace(NS).resource(fresh).create());

    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly(FIELD + "maxSurge", FIELD + "maxUnavailable");
    assertThat(e.getStatus().getMessage()).startsWith("Deployment.apps \"canary\" is invalid: [" + FIELD + "maxSurge: Invalid value: ");
    assertThat(client.apps().deployments().inNamespace(NS).withName("canary").get()).isNull();
  }

  @Test
  void aSurgeAbove100PercentAndAllUnavailableAreValid() {
    client.apps().deployments().inNamespace(NS).withName(APP).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"150%\",\"maxUnavailable\":\"100%\"}}}}");

    assertThat(deployment().getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("150%");
  }
}
