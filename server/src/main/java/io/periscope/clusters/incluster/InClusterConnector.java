package io.periscope.clusters.incluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClientConfigs;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Connects to the cluster Periscope runs in, as its own ServiceAccount: apiserver from
 * {@code KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}, CA and token from the mounted
 * ServiceAccount directory. The token is re-read on rotation by {@link ServiceAccountTokenProvider}.
 */
public final class InClusterConnector implements ClusterConnector {
  public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final Duration requestTimeout;
  private final Map<String, String> env;
  private final Path serviceAccountDir;
  private final Clock clock;

  /** Production: the process environment and the standard mount path. */
  public InClusterConnector(Duration requestTimeout) {
    this(requestTimeout, System.getenv(), SERVICE_ACCOUNT_DIR, Clock.systemUTC());
  }

  public InClusterConnector(Duration requestTimeout, Map<String, String> env, Path serviceAccountDir, Clock clock) {
    this.requestTimeout = requestTimeout;
    this.env = Map.copyOf(env);
    this.serviceAccountDir = serviceAccountDir;
    this.clock = clock;
  }

  @Override
  public Backend backend() {
    return Backend.IN_CLUSTER;
  }

  /**
   * @throws ClusterUnavailableException 502 when Periscope is not running in a pod (no service
   *     environment) or the ServiceAccount CA or token is not mounted
   */
  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "").strip();
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "").strip();
    if (host.isEmpty() || port.isEmpty()) {
      throw new ClusterUnavailableException(ErrorCode.IN_CLUSTER_ENV_MISSING, spec.name(),
          "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; the in-cluster backend works only inside a pod");
    }
    Path ca = serviceAccountDir.resolve("ca.crt");
    String caPem;
    try {
      caPem = Files.readString(ca);
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.IN_CLUSTER_CREDENTIALS_UNREADABLE, spec.name(),
          "cannot read the ServiceAccount CA " + ca + " (" + ServiceAccountTokenProvider.describe(e)
              + "); is automountServiceAccountToken disabled?", e);
    }
    ServiceAccountTokenProvider tokens = new ServiceAccountTokenProvider(spec.name(), serviceAccountDir.resolve("token"), clock);
    tokens.getToken(); // fail now, with a clear message, rather than on the first request
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl("https://" + hostPart + ":" + port)
        .withCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)))
        .build();
    config.setOauthTokenProvider(tokens);
    ClientConfigs.applyTimeouts(config, requestTimeout);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
