package io.periscope.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The pods the list benches seed, in two shapes (system property {@code bench.pods}):
 * <ul>
 *   <li>{@code realistic} (default): what a Deployment's pod carries once it runs — owner,
 *       template hash, image, port, resources, node, readiness and a container status; ~1.2 KB as the mock serializes it, like the independent harness of
 *       issue #21 (~1.16 KB per pod, 11.6 MB per 10,000). A real apiserver's pods are larger
 *       still (managed fields, the service-account volume: 3–5 KB).
 *   <li>{@code thin}: name, two labels, one container, phase and IP (~0.42 KB), the shape the
 *       benches used up to 5 Dec 2026; per-request costs weigh most against it.
 * </ul>
 */
final class BenchPods {
  private BenchPods() {}

  static String shape() {
    String s = System.getProperty("bench.pods", "realistic");
    if (!s.equals("realistic") && !s.equals("thin")) {
      throw new IllegalArgumentException("-Dbench.pods must be realistic or thin, not " + s);
    }
    return s;
  }

  /** Pod number {@code n} of the seed, in {@code namespace}, in the shape {@link #shape()} names. */
  static Pod pod(int n, String namespace) {
    return shape().equals("thin") ? thin(n, namespace) : realistic(n, namespace);
  }

  private static Pod thin(int n, String namespace) {
    return new PodBuilder().withNewMetadata().withName("pod-" + n).withNamespace(namespace).addToLabels("app", "app-" + (n % 100))
        .addToLabels("tier", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("registry.example.com/app:1.2." + (n % 7))
        .addNewPort().withContainerPort(8080).endPort().endContainer().withNodeName("node-" + (n % 40)).endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.0." + (n / 250) + "." + (n % 250)).endStatus().build();
  }

  private static Pod realistic(int n, String namespace) {
    String app = "app-" + (n % 100);
    String hash = Integer.toHexString(0x5d8f7c9 + n % 100);
    String started = "2026-11-0" + (1 + n % 9) + "T0" + (n % 10) + ":1" + (n % 6) + ":2" + (n % 10) + "Z";
    String ip = "10.0." + (n / 250) + "." + (n % 250);
    return new PodBuilder()
        .withNewMetadata().withName(app + "-" + hash + "-" + Integer.toString(36 * 36 * 36 + n, 36)).withNamespace(namespace)
        .addToLabels("app.kubernetes.io/name", app)
        .addToLabels("pod-template-hash", hash)
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(app + "-" + hash)
        .withUid("3f2a9c1e-7b4d-4e8a-9c1f-" + String.format("%012x", n % 100)).withController(true).withBlockOwnerDeletion(true)
        .endOwnerReference().endMetadata()
        .withNewSpec()
        .addNewContainer().withName("main").withImage("registry.example.com/shop/" + app + ":1.2." + (n % 7))
        .withImagePullPolicy("IfNotPresent")
        .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
        .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
        .addToLimits("memory", new Quantity("256Mi")).endResources().endContainer()
        .withRestartPolicy("Always").withDnsPolicy("ClusterFirst").withServiceAccountName(app)
        .withNodeName("ip-10-0-" + (n % 40) + "-17.eu-west-1.compute.internal")
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).withStartTime(started)
        .withQosClass("Burstable")
        .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(started).endCondition()
        .addNewContainerStatus().withName("main").withReady(true).withStarted(true).withRestartCount(n % 3)
        .withImage("registry.example.com/shop/" + app + ":1.2." + (n % 7))
        .withNewState().withNewRunning().withStartedAt(started).endRunning().endState().endContainerStatus()
        .endStatus().build();
  }
}
