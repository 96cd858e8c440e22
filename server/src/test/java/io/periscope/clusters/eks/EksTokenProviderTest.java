package io.periscope.clusters.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

@Tag(TestEpoch.TAG)
class EksTokenProviderTest {
  static final String ACCESS_KEY = "AKIDPERISCOPETEST";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret-key"));

  final MutableClock clock = TestEpoch.clock();
  final Instant start = clock.instant();
  final EksTokenProvider tokens = new EksTokenProvider("prod", "prod-eks", Region.EU_WEST_1,
      AwsClients.regionalStsEndpoint(Region.EU_WEST_1), CREDENTIALS, clock);

  @Test
  void tokenIsAPresignedGetCallerIdentityUrlBoundToTheCluster() {
    URI url = EksTokens.presignedUrl(tokens.getToken());
    Map<String, String> q = EksTokens.query(url);

    assertThat(url.getScheme()).isEqualTo("https");
    assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
    assertThat(url.getPort()).isEqualTo(-1);
    assertThat(url.getPath()).isEqualTo("/");
    assertThat(q).containsEntry("Action", "GetCallerIdentity")
        .containsEntry("Version", "2011-06-15")
        .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .containsEntry("X-Amz-Expires", "60")
        .containsEntry("X-Amz-Date", TestEpoch.sigV4Time(start))
        .containsEntry("X-Amz-Credential", ACCESS_KEY + "/" + TestEpoch.sigV4Date(start) + "/eu-west-1/sts/aws4_request");
    assertThat(q.get("X-Amz-SignedHeaders").split(";")).contains("host", "x-k8s-aws-id");
    assertThat(q.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
    assertThat(q).doesNotContainKey("x-k8s-aws-id"); // a signed header, not a query parameter
    assertThat(tokens.expiresAt()).isEqualTo(start.plus(Duration.ofMinutes(15)));
  }

  @Test
  void tokenIsCachedUntilTheRefreshPointThenResigned() {
    String first = tokens.getToken();
    assertThat(tokens.getToken()).isSameAs(first);

    clock.advance(EksTokenProvider.REFRESH_AFTER.minusSeconds(1));
    assertThat(tokens.getToken()).isSameAs(first);

    clock.advance(Duration.ofSeconds(1));
    String second = tokens.getToken();
    assertThat(second).isNotEqualTo(first);
    assertThat(EksTokens.query(EksTokens.presignedUrl(second))).containsEntry("X-Amz-Date", TestEpoch.sigV4Time(start.plus(Duration.ofMinutes(10))));
    assertThat(tokens.expiresAt()).isEqualTo(start.plus(Duration.ofMinutes(25)));
    assertThat(tokens.getToken()).isSameAs(second);
  }

  @Test
  void differentClustersGetDifferentSignatures() {
    EksTokenProvider other = new EksTokenProvider("staging", "staging-eks", Region.EU_WEST_1,
        AwsClients.regionalStsEndpoint(Region.EU_WEST_1), CREDENTIALS, clock);
    assertThat(signature(other.getToken())).isNotEqualTo(signature(tokens.getToken()));
  }

  @Test
  void stsEndpointFollowsThePartition() {
    assertThat(AwsClients.regionalStsEndpoint(Region.CN_NORTH_1)).hasToString("https://sts.cn-north-1.amazonaws.com.cn");
    assertThat(AwsClients.regionalStsEndpoint(Region.US_GOV_WEST_1)).hasToString("https://sts.us-gov-west-1.amazonaws.com");
  }

  @Test
  void missingCredentialsAreAClearClusterError() {
    EksTokenProvider noCredentials = new EksTokenProvider("prod", "prod-eks", Region.EU_WEST_1,
        AwsClients.regionalStsEndpoint(Region.EU_WEST_1),
        () -> { throw SdkClientException.create("Unable to load credentials from any of the providers in the chain"); },
        clock);
    assertThatThrownBy(noCredentials::getToken)
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("aws_credentials_unavailable");
        })
        .hasMessageContaining("cluster 'prod'")
        .hasMessageContaining("Unable to load credentials");
  }

  private static String signature(String token) {
    return EksTokens.query(EksTokens.presignedUrl(token)).get("X-Amz-Signature");
  }
}
