package io.periscope.agent.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.testkit.MutableClock;
import io.periscope.testkit.TestEpoch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag(TestEpoch.TAG)
class CertificateAuthorityTest {
  @TempDir
  Path dir;
  private final MutableClock clock = TestEpoch.clock();

  @Test
  void isCreatedOnceWithAnOwnerOnlyKeyAndReloadedAfterwards() throws Exception {
    CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, clock);
    CertificateAuthority again = CertificateAuthority.loadOrCreate(dir, clock);

    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
    assertThat(first.certificate().getBasicConstraints()).isZero();
    assertThat(first.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void agentCertificatesNameTheClusterInCnAndSanUriAndAreForClientAuthOnly() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
    KeyPair agent = CertificateAuthority.newKeyPair();

    X509Certificate cert = ca.issueAgent("edge-1", agent.getPublic(), Duration.ofDays(30));

    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=edge-1");
    assertThat(AgentCertificates.cluster(cert)).contains("edge-1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    assertThat(ca.signed(cert)).isTrue();
  }

  @Test
  void rotationMakesEveryOldCertificateInvalidAndSurvivesARestart() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
    X509Certificate old = ca.issueAgent("edge-1", CertificateAuthority.newKeyPair().getPublic(), Duration.ofDays(30));
    int[] rotations = {0};
    ca.onRotate(() -> rotations[0]++);
    assertThat(ca.signed(old)).isTrue();

    ca.rotate();

    assertThat(ca.signed(old)).isFalse();
    assertThat(rotations[0]).isEqualTo(1);
    assertThat(CertificateAuthority.loadOrCreate(dir, clock).certificate()).isEqualTo(ca.certificate());
  }

  @Test
  void theServerCertificateCoversDnsNamesAndIpLiterals() throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);

    X509Certificate cert = ca.issueServer(List.of("periscope.example.com", "127.0.0.1"), Duration.ofDays(365)).certificate();

    assertThat(cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList()).containsExactly("periscope.example.com", "127.0.0.1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void clusterNamesThatCannotSitInACertificateAreRefused() {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, clock);
    assertThatThrownBy(() -> ca.issueAgent("a/b?c", CertificateAuthority.newKeyPair().getPublic(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b?c");
  }
}
