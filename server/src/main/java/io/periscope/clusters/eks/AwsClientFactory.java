package io.periscope.clusters.eks;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Where the EKS backend gets its AWS clients, endpoints and credentials. Production uses
 * {@link #defaultChain(Duration)}; tests supply static test credentials and local endpoints.
 */
public interface AwsClientFactory {

  /** A new EKS client for the region; the caller closes it. */
  EksClient eks(Region region);

  /** The STS endpoint the token's presigned GetCallerIdentity URL points at. */
  URI stsEndpoint(Region region);

  /** The server's own AWS identity. */
  AwsCredentialsProvider credentials();

  /**
   * Credentials from the AWS SDK default chain only (EKS Pod Identity, IRSA web identity,
   * environment, profile, instance role): there is deliberately no configuration key for keys.
   * Calls use the JDK URL-connection HTTP client (never netty-nio, see DEPS.md).
   */
  static AwsClientFactory defaultChain(Duration apiCallTimeout) {
    return new AwsClientFactory() {
      private volatile AwsCredentialsProvider credentials;

      @Override
      public EksClient eks(Region region) {
        return EksClient.builder()
            .region(region)
            .credentialsProvider(credentials())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.apiCallTimeout(apiCallTimeout))
            .build();
      }

      @Override
      public URI stsEndpoint(Region region) {
        return regionalStsEndpoint(region);
      }

      @Override
      public AwsCredentialsProvider credentials() {
        AwsCredentialsProvider c = credentials;
        if (c == null) {
          synchronized (this) {
            if (credentials == null) {
              credentials = DefaultCredentialsProvider.builder().build();
            }
            c = credentials;
          }
        }
        return c;
      }
    };
  }

  /** {@code https://sts.<region>.<partition dns suffix>}, the regional endpoint aws-iam-authenticator accepts. */
  static URI regionalStsEndpoint(Region region) {
    String suffix = PartitionMetadata.of(region).dnsSuffix();
    return URI.create("https://sts." + region.id() + "." + suffix);
  }
}
