package io.periscope.clusters.eks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClientConfigs;
import io.periscope.clusters.ClusterConnector;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Connects to an EKS cluster: {@code eks:DescribeCluster} gives the endpoint and CA, and an
 * {@link EksTokenProvider} supplies the bearer token signed with the server's own AWS identity.
 * The endpoint and CA are read once per connection; the registry reconnects when the entry changes.
 */
public final class EksConnector implements ClusterConnector {
  private final Duration requestTimeout;
  private final AwsClients aws;

  /** DescribeCluster and the token are both signed on {@code aws}'s clock. */
  public EksConnector(Duration requestTimeout, AwsClients aws) {
    this.requestTimeout = requestTimeout;
    this.aws = aws;
  }

  @Override
  public Backend backend() {
    return Backend.EKS;
  }

  /**
   * @throws ClusterUnavailableException 502 naming the cluster and the AWS error code when
   *     DescribeCluster fails, or when the cluster has no endpoint yet
   */
  @Override
  public KubernetesClient connect(ClusterSpec spec) {
    String eksName = spec.eksName().orElseThrow(() -> invalid(spec, "eksName"));
    Region region = Region.of(spec.region().orElseThrow(() -> invalid(spec, "region")));
    Cluster cluster = describe(spec, region, eksName);
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(cluster.endpoint())
        .withCaCertData(cluster.certificateAuthority().data())
        .build();
    config.setOauthTokenProvider(
        new EksTokenProvider(spec.name(), eksName, region, aws.stsEndpoint(region), aws.credentials(), aws.clock()));
    ClientConfigs.applyTimeouts(config, requestTimeout);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Cluster describe(ClusterSpec spec, Region region, String eksName) {
    String operation = "eks:DescribeCluster for '" + eksName + "' in " + region.id();
    Cluster cluster;
    try {
      cluster = aws.eks(region).describeCluster(r -> r.name(eksName)).cluster();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : io.periscope.aws.AwsErrorText.logged(operation, e.awsErrorDetails().errorMessage());
      throw new ClusterUnavailableException(ErrorCode.EKS_DESCRIBE_FAILED, spec.name(),
          operation + " failed: " + code + (message == null || message.isBlank() ? "" : " (" + message + ")"), e);
    } catch (SdkException e) {
      throw new ClusterUnavailableException(ErrorCode.EKS_UNREACHABLE, spec.name(),
          operation + " failed: " + io.periscope.aws.AwsErrorText.logged(operation, e.getMessage()), e);
    }
    if (cluster == null || cluster.endpoint() == null || cluster.certificateAuthority() == null
        || cluster.certificateAuthority().data() == null) {
      String status = cluster == null ? "unknown" : cluster.statusAsString();
      throw new ClusterUnavailableException(ErrorCode.EKS_CLUSTER_NOT_READY, spec.name(),
          operation + " returned no endpoint or CA yet (cluster status " + status + ")");
    }
    return cluster;
  }

  private static ClusterUnavailableException invalid(ClusterSpec spec, String field) {
    return new ClusterUnavailableException(ErrorCode.CLUSTER_CONFIG_INVALID, spec.name(),
        "eks backend needs '" + field + "' (or 'arn') in clusters.yaml");
  }
}
