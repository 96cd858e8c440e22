package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.testkit.TestEpoch;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server running most of a year re-issues its tunnel certificate before agents stop trusting it. */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class TunnelCertificateRenewalTest {
  @TempDir
  Path dir;
  private TunnelFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void theTunnelCertificateIsReissuedTwoThirdsIntoItsValidityAndPresentedFromThen() throws Exception {
    X509Certificate first = presented();
    assertThat(first.getSerialNumber()).isEqualTo(fx.tunnel.identity().current().getSerialNumber());

    fx.clock.advance(ServerIdentity.VALIDITY.multipliedBy(2).dividedBy(3).minus(Duration.ofHours(1)));
    assertThat(fx.tunnel.identity().renewIfDue()).as("not yet due").isFalse();

    fx.clock.advance(Duration.ofHours(2));
    assertThat(fx.tunnel.identity().renewIfDue()).isTrue();

    X509Certificate second = presented();
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(second.getNotAfter()).isAfter(first.getNotAfter());
    assertThat(second.getSubjectAlternativeNames()).containsExactlyElementsOf(first.getSubjectAlternativeNames());
  }

  /** The certificate the tunnel port presents in a TLS handshake now (read, not judged). */
  private X509Certificate presented() throws Exception {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    TrustManager reader = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) { }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen.set(chain[0]);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {reader}, null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", fx.tunnel.port())) {
      var parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
    }
    return seen.get();
  }
}
