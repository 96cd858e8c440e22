package io.periscope.clusters.eks;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.problem.ErrorCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * The bearer token EKS accepts, in the format of aws-iam-authenticator and {@code aws eks get-token}:
 * {@code k8s-aws-v1.} + base64url (no padding) of a presigned STS {@code GetCallerIdentity} GET URL
 * whose signed headers include {@code x-k8s-aws-id: <EKS cluster name>}.
 *
 * <p>EKS accepts such a token for {@link #TOKEN_LIFETIME} after signing. fabric8 asks for the
 * token before every request, so it is cached and re-signed once {@link #REFRESH_AFTER} has
 * passed, well before it expires. Credentials are resolved again at each signing, so rotated
 * Pod Identity / IRSA credentials are picked up.
 */
public final class EksTokenProvider implements OAuthTokenProvider {
  public static final String PREFIX = "k8s-aws-v1.";
  public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
  /** X-Amz-Expires of the presigned URL, as aws-iam-authenticator signs it. */
  public static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  public static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

  private final String cluster;
  private final String eksName;
  private final Region region;
  private final URI stsEndpoint;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private String token;
  private Instant signedAt;

  /**
   * @param cluster the Periscope cluster name, for error messages
   * @param eksName the EKS cluster name, signed into {@code x-k8s-aws-id}
   */
  public EksTokenProvider(
      String cluster, String eksName, Region region, URI stsEndpoint, AwsCredentialsProvider credentials, Clock clock) {
    this.cluster = cluster;
    this.eksName = eksName;
    this.region = region;
    this.stsEndpoint = stsEndpoint;
    this.credentials = credentials;
    this.clock = clock;
  }

  /**
   * @throws ClusterUnavailableException 502 {@code aws_credentials_unavailable} when the default
   *     credential chain has no credentials
   */
  @Override
  public synchronized String getToken() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(signedAt.plus(REFRESH_AFTER)) || now.isBefore(signedAt)) {
      token = PREFIX + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(presign(now).getBytes(StandardCharsets.UTF_8));
      signedAt = now;
    }
    return token;
  }

  /** When the current token stops being accepted; for diagnostics. */
  public synchronized Instant expiresAt() {
    return signedAt == null ? Instant.MIN : signedAt.plus(TOKEN_LIFETIME);
  }

  private String presign(Instant now) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .uri(stsEndpoint)
        .encodedPath(stsEndpoint.getRawPath() == null || stsEndpoint.getRawPath().isEmpty() ? "/" : stsEndpoint.getRawPath())
        .putRawQueryParameter("Action", "GetCallerIdentity")
        .putRawQueryParameter("Version", "2011-06-15")
        .putHeader(CLUSTER_ID_HEADER, eksName)
        .build();
    Clock fixed = Clock.fixed(now, clock.getZone());
    SdkHttpRequest signed = signer.sign(r -> r
            .identity(resolveCredentials())
            .request(request)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
            .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
            .putProperty(HttpSigner.SIGNING_CLOCK, fixed))
        .request();
    return signed.getUri().toString();
  }

  private AwsCredentials resolveCredentials() {
    try {
      return credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw new ClusterUnavailableException(ErrorCode.AWS_CREDENTIALS_UNAVAILABLE, cluster,
          "no AWS credentials for the EKS token (use EKS Pod Identity or IRSA): "
              + io.periscope.aws.AwsErrorText.logged("cluster '" + cluster + "': EKS token", e.getMessage()), e);
    }
  }
}
