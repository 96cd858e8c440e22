package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void dueOnceTwoThirdsOfTheValidityHavePassed() throws Exception {
    X509Certificate cert = certificate(FROM, FROM.plusSeconds(30 * 86_400));
    RenewalPolicy p = RenewalPolicy.DEFAULT;

    assertThat(p.renewAt(cert)).isEqualTo(FROM.plusSeconds(20 * 86_400));
    assertThat(p.due(cert, FROM.plusSeconds(19 * 86_400))).isFalse();
    assertThat(p.due(cert, FROM.plusSeconds(20 * 86_400 - 1))).isFalse();
    assertThat(p.due(cert, FROM.plusSeconds(20 * 86_400))).isTrue();
    assertThat(p.due(cert, FROM.plusSeconds(40 * 86_400))).isTrue();
  }

  @Test
  void theFractionMustLieStrictlyBetweenZeroAndOne() {
    assertThatThrownBy(() -> new RenewalPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RenewalPolicy(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RenewalPolicy(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  private static X509Certificate certificate(Instant from, Instant to) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    var pair = g.generateKeyPair();
    X500Principal name = new X500Principal("CN=test");
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(from),
        Date.from(to), name, pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }
}
