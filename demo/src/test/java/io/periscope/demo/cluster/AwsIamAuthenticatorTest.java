package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.clusters.eks.EksTokenProvider;
import io.periscope.demo.aws.DemoAccount;
import io.periscope.demo.aws.FakeAws;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The demo EKS apiserver's token check against tokens the product's own {@link EksTokenProvider}
 * signs, verified by the fake account's STS over HTTP.
 */
class AwsIamAuthenticatorTest {
  private static final Instant SIGNED = Instant.parse("2031-12-31T23:55:00Z");
  private static final String SERVER_ROLE = "arn:aws:iam::123456789012:role/periscope-server";
  private final Clock signing = Clock.fixed(SIGNED, ZoneOffset.UTC);
  private FakeAws aws;

  @BeforeEach
  void start() {
    aws = FakeAws.start(DemoAccount.load(), signing);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private String token(String eksName, Clock clock) {
    return "Bearer " + new EksTokenProvider("prod", eksName, Region.US_EAST_1, aws.endpoint(), aws.credentials(), clock).getToken();
  }

  private AwsIamAuthenticator authenticator(Clock clock) {
    return new AwsIamAuthenticator("prod-us-east-1", aws.endpoint(), Map.of(SERVER_ROLE, "periscope-server"), clock);
  }

  @Test
  void aTokenThePeriscopeServerSignedForThisClusterIsItsAccessEntry() {
    var identity = authenticator(signing).authenticate(token("prod-us-east-1", signing));
    assertThat(identity).hasValueSatisfying(i -> {
      assertThat(i.roleArn()).isEqualTo(SERVER_ROLE);
      assertThat(i.username()).isEqualTo("periscope-server");
    });
    assertThat(aws.calls()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo("sts:GetCallerIdentity");
      assertThat(c.status()).isEqualTo(200);
    });
  }

  @Test
  void aTokenSignedForAnotherClusterFailsStssSignatureCheck() {
    assertThat(authenticator(signing).authenticate(token("staging-us-west-2", signing))).isEmpty();
    assertThat(aws.calls()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(403));
  }

  @Test
  void aTokenIsGoodForFifteenMinutesAndCachedMeanwhile() {
    String token = token("prod-us-east-1", signing);
    try (FakeAws stsLater = FakeAws.start(DemoAccount.load(), Clock.offset(signing, Duration.ofMinutes(14)))) {
      // STS itself honours the presigned call for 15 minutes although it says X-Amz-Expires=60.
      String signedForLater = "Bearer " + new EksTokenProvider("prod", "prod-us-east-1", Region.US_EAST_1, stsLater.endpoint(),
          stsLater.credentials(), signing).getToken();
      var at14 = new AwsIamAuthenticator("prod-us-east-1", stsLater.endpoint(), Map.of(SERVER_ROLE, "periscope-server"),
          Clock.offset(signing, Duration.ofMinutes(14)));
      assertThat(at14.authenticate(signedForLater)).isPresent();
    }
    var later = authenticator(Clock.offset(signing, Duration.ofMinutes(16)));
    assertThat(later.authenticate(token)).isEmpty();

    var cached = authenticator(signing);
    cached.authenticate(token);
    cached.authenticate(token);
    assertThat(aws.calls()).as("asked STS once for two requests").filteredOn(c -> c.action().equals("sts:GetCallerIdentity")).hasSize(1);
  }

  @Test
  void aCallerWithoutAnAccessEntryIsRefused() {
    var none = new AwsIamAuthenticator("prod-us-east-1", aws.endpoint(), Map.of("arn:aws:iam::123456789012:role/someone-else", "x"), signing);
    assertThat(none.authenticate(token("prod-us-east-1", signing))).isEmpty();
  }

  @Test
  void onlyPresignedCallerIdentityUrlsForTheTrustedStsAreFollowed() {
    String elsewhere = "https://sts.example.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Date=20311231T235500Z"
        + "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=00";
    assertThat(authenticator(signing).authenticate("Bearer k8s-aws-v1." + b64(elsewhere))).isEmpty();
    String otherAction = aws.endpoint() + "/?Action=AssumeRole&X-Amz-Date=20311231T235500Z&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id";
    assertThat(authenticator(signing).authenticate("Bearer k8s-aws-v1." + b64(otherAction))).isEmpty();
    assertThat(authenticator(signing).authenticate("Bearer k8s-aws-v1.%%%")).isEmpty();
    assertThat(authenticator(signing).authenticate("Bearer some-service-account-token")).isEmpty();
    assertThat(authenticator(signing).authenticate(null)).isEmpty();
    assertThat(aws.calls()).as("nothing was sent anywhere").isEmpty();
  }

  @Test
  void aTokenFromWrongCredentialsIsRefusedBySts() {
    var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.account().caller().accessKeyId(), "guess"));
    String token = "Bearer " + new EksTokenProvider("prod", "prod-us-east-1", Region.US_EAST_1, aws.endpoint(), wrong, signing).getToken();
    assertThat(authenticator(signing).authenticate(token)).isEmpty();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
