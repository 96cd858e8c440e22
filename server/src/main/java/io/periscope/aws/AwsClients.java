package io.periscope.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Where every AWS client of the server comes from: the server's own identity, one clock for
 * signing, one time-out, and endpoint overrides (tests and the demo's in-process fake account
 * reach the real SDK clients this way; production has none).
 *
 * <p>Credentials come from the SDK default chain only (EKS Pod Identity, IRSA web identity,
 * environment, profile, instance role): there is deliberately no configuration key for keys.
 * Calls use the JDK URL-connection HTTP client (never netty-nio, see DEPS.md).
 */
public final class AwsClients {
  private final AwsCredentialsProvider credentials;
  private final Map<String, URI> endpointOverrides;
  private final Duration apiCallTimeout;
  private final Clock clock;

  /**
   * @param endpointOverrides by SDK service id in lower case ({@code eks}, {@code sts}, ...)
   * @param clock signs every request (SigV4 date and credential scope)
   */
  public AwsClients(AwsCredentialsProvider credentials, Map<String, URI> endpointOverrides, Duration apiCallTimeout, Clock clock) {
    this.credentials = credentials;
    this.endpointOverrides = Map.copyOf(endpointOverrides);
    this.apiCallTimeout = apiCallTimeout;
    this.clock = clock;
  }

  /** Production: the default credential chain, AWS's own endpoints. */
  public static AwsClients defaultChain(Duration apiCallTimeout, Clock clock) {
    return new AwsClients(DefaultCredentialsProvider.builder().build(), Map.of(), apiCallTimeout, clock);
  }

  /** A new EKS client for the region; the caller closes it. */
  public EksClient eks(Region region) {
    return configure(EksClient.builder(), "eks", region);
  }

  /** A new IAM client (a global service: its endpoint lives in the partition's global region); the caller closes it. */
  public software.amazon.awssdk.services.iam.IamClient iam(Region anyRegionOfThePartition) {
    Region global = switch (PartitionMetadata.of(anyRegionOfThePartition).id()) {
      case "aws" -> Region.AWS_GLOBAL;
      case "aws-cn" -> Region.AWS_CN_GLOBAL;
      case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
      default -> anyRegionOfThePartition;
    };
    return configure(software.amazon.awssdk.services.iam.IamClient.builder(), "iam", global);
  }

  /** The STS endpoint a presigned {@code GetCallerIdentity} URL points at (regional unless overridden). */
  public URI stsEndpoint(Region region) {
    return endpointOverride("sts").orElseGet(() -> regionalStsEndpoint(region));
  }

  /** The server's own AWS identity. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** The clock every request is signed with. */
  public Clock clock() {
    return clock;
  }

  /**
   * Applies region, identity, HTTP client, time-out, signing clock and any endpoint override.
   * Retries: the SDK's standard mode (3 attempts, exponential backoff with jitter, throttling
   * errors retried and rate-limited), bounded by the time-out for the whole call.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String service, Region region) {
    builder.region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.apiCallTimeout(apiCallTimeout).retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD))
        .putAuthScheme(new ClockedSigV4AuthScheme(clock));
    endpointOverride(service).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private Optional<URI> endpointOverride(String service) {
    return Optional.ofNullable(endpointOverrides.get(service));
  }

  /** {@code https://sts.<region>.<partition dns suffix>}, the regional endpoint aws-iam-authenticator accepts. */
  public static URI regionalStsEndpoint(Region region) {
    String suffix = PartitionMetadata.of(region).dnsSuffix();
    return URI.create("https://sts." + region.id() + "." + suffix);
  }
}
