package io.periscope.clusters;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Connects through one context of a kubeconfig file, with whatever credentials that context holds. */
public final class KubeconfigConnector implements ClusterConnector {
  private final Duration requestTimeout;

  public KubeconfigConnector(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Backend backend() {
    return Backend.KUBECONFIG;
  }

  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    Path file = spec.kubeconfig().map(Path::of).orElseGet(KubeconfigConnector::defaultKubeconfig);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_CONFIG_UNREADABLE, spec.name(), "cannot read kubeconfig " + file);
    }
    Config config;
    try {
      config = Config.fromKubeconfig(spec.context().orElse(null), text, file.toString());
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_CONFIG_INVALID, spec.name(),
          "kubeconfig " + file + " has no usable context " + spec.context().orElse("(current)"), e);
    }
    ClientConfigs.applyTimeouts(config, requestTimeout);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** {@code $KUBECONFIG} (first entry) or {@code ~/.kube/config}. */
  public static Path defaultKubeconfig() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }
}
