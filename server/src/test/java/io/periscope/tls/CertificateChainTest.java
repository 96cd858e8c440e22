package io.periscope.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateChainTest {
  private static final Instant NOW = Instant.parse("2031-03-10T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void theLeafComesFirstWithItsNamesAndIssuerAndTheChainExpiresWithItsEarliestCertificate() throws Exception {
    var ca = TestCertificates.ca("Example Issuing CA", NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(30)));
    String bundle = TestCertificates.leafBundle(ca, NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(90)), "shop.example.com", "www.shop.example.com");

    CertificateChain chain = CertificateChain.parse(bundle.getBytes(StandardCharsets.US_ASCII), CLOCK);

    assertThat(chain.certificates()).hasSize(2);
    var leaf = chain.certificates().getFirst();
    assertThat(leaf.subject()).isEqualTo("CN=shop.example.com");
    assertThat(leaf.issuer()).isEqualTo("CN=Example Issuing CA");
    assertThat(leaf.names()).containsExactly("shop.example.com", "www.shop.example.com");
    assertThat(leaf.authority()).isFalse();
    assertThat(leaf.keyAlgorithm()).isEqualTo("EC");
    assertThat(chain.certificates().get(1).authority()).isTrue();
    // The CA ends first: clients refuse the chain then, whatever the leaf says.
    assertThat(chain.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(chain.daysLeft()).isEqualTo(30);
    assertThat(chain.state()).isEqualTo(CertificateChain.State.VALID);
  }

  @Test
  void soonExpiredAndNotYetValidAreSaid() throws Exception {
    var soon = TestCertificates.ca("soon", NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10)).plus(Duration.ofHours(3)));
    var expired = TestCertificates.ca("gone", NOW.minus(Duration.ofDays(80)), NOW.minus(Duration.ofDays(2)));
    var early = TestCertificates.ca("early", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(200)));
    var justGone = TestCertificates.ca("just-gone", NOW.minus(Duration.ofDays(80)), NOW.minus(Duration.ofMinutes(90)));
    var lastDay = TestCertificates.ca("last-day", NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofHours(23)));

    CertificateChain s = CertificateChain.parse(soon.pem().getBytes(StandardCharsets.US_ASCII), CLOCK);
    CertificateChain e = CertificateChain.parse(expired.pem().getBytes(StandardCharsets.US_ASCII), CLOCK);
    CertificateChain n = CertificateChain.parse(early.pem().getBytes(StandardCharsets.US_ASCII), CLOCK);

    assertThat(s.state()).isEqualTo(CertificateChain.State.EXPIRES_SOON);
    assertThat(s.daysLeft()).isEqualTo(10);
    assertThat(e.state()).isEqualTo(CertificateChain.State.EXPIRED);
    assertThat(e.daysLeft()).isEqualTo(-2);
    assertThat(n.state()).isEqualTo(CertificateChain.State.NOT_YET_VALID);
    CertificateChain g = CertificateChain.parse(justGone.pem().getBytes(StandardCharsets.US_ASCII), CLOCK);
    assertThat(g.state()).isEqualTo(CertificateChain.State.EXPIRED);
    assertThat(List.of(g.daysLeft(), g.hoursLeft())).as("90 minutes ago is not a day ago").containsExactly(0L, -1L);
    CertificateChain l = CertificateChain.parse(lastDay.pem().getBytes(StandardCharsets.US_ASCII), CLOCK);
    assertThat(List.of(l.daysLeft(), l.hoursLeft())).containsExactly(0L, 23L);
  }

  @Test
  void somethingThatIsNotACertificateIsRefusedWithWhy() {
    assertThatThrownBy(() -> CertificateChain.parse("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
        .getBytes(StandardCharsets.US_ASCII), CLOCK)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tls.crt is not a PEM certificate");
    assertThatThrownBy(() -> CertificateChain.parse(new byte[0], CLOCK)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tls.crt holds no X.509 certificate");
  }
}
