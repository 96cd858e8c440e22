package io.periscope.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 signing on Periscope's clock instead of the SDK's own system clock, so that every AWS
 * request of one operation (an SDK call and a token presigned beside it) carries the same time.
 *
 * <p>The SDK hands the signer a clock already shifted by any skew it learnt from AWS's
 * {@code RequestTimeTooSkewed} answers; that correction is kept by applying the same shift to
 * Periscope's clock.
 */
final class ClockedSigV4AuthScheme implements AwsV4AuthScheme {
  private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();
  private final Clock clock;

  ClockedSigV4AuthScheme(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String schemeId() {
    return standard.schemeId();
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return standard.identityProvider(providers);
  }

  @Override
  public AwsV4HttpSigner signer() {
    AwsV4HttpSigner signer = standard.signer();
    return new AwsV4HttpSigner() {
      @Override
      public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        return signer.sign(request.copy(b -> b.putProperty(HttpSigner.SIGNING_CLOCK, signingClock(request.property(SIGNING_CLOCK)))));
      }

      @Override
      public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return signer.signAsync(request.copy(b -> b.putProperty(HttpSigner.SIGNING_CLOCK, signingClock(request.property(SIGNING_CLOCK)))));
      }
    };
  }

  /** Periscope's clock, shifted by the skew the SDK applies to its own clock (whole seconds, as SigV4 signs). */
  private Clock signingClock(Clock sdkClock) {
    if (sdkClock == null) {
      return clock;
    }
    long skewSeconds = Duration.between(Clock.systemUTC().instant(), sdkClock.instant()).toSeconds();
    return skewSeconds == 0 ? clock : Clock.offset(clock, Duration.ofSeconds(skewSeconds));
  }
}
