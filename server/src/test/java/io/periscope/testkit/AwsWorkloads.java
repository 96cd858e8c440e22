package io.periscope.testkit;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** ServiceAccounts with IRSA annotations and the pods running as them, for the AWS identity tests' mock apiservers. */
public final class AwsWorkloads {
  private AwsWorkloads() {}

  /** A ServiceAccount, annotated with IRSA role {@code irsaRole} of {@link IamStub}'s account unless it is null. */
  public static void serviceAccount(KubernetesClient k, String ns, String name, String irsaRole) {
    var b = new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata();
    if (irsaRole != null) {
      b.editMetadata().addToAnnotations("eks.amazonaws.com/role-arn", IamStub.roleArn(irsaRole)).endMetadata();
    }
    k.serviceAccounts().inNamespace(ns).resource(b.build()).create();
  }

  /** A pod running as {@code serviceAccount} (null: it names none, so the {@code default} one). */
  public static void pod(KubernetesClient k, String ns, String name, String serviceAccount) {
    k.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec()
        .withServiceAccountName(serviceAccount).addNewContainer().withName("app").withImage("shop:1").endContainer().endSpec().build()).create();
  }
}
