package io.periscope.agent.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's private CA for the agent tunnel: EC P-256, created on first start in a directory
 * ({@code ca.crt}, {@code ca.key} 0600) and reloaded afterwards. It signs agent client
 * certificates and the tunnel port's server certificate. {@link #rotate()} replaces it: every
 * certificate signed by the old CA stops validating at once (agents must re-register).
 */
public final class CertificateAuthority {
  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Clock clock;
  private final List<Runnable> rotationListeners = new CopyOnWriteArrayList<>();
  private volatile Material current;

  private record Material(X509Certificate certificate, PrivateKey key) {}

  /** A key pair and its certificate, for the tunnel's own TLS identity. */
  public record Issued(PrivateKey key, X509Certificate certificate) {}

  private CertificateAuthority(Path dir, Clock clock, Material material) {
    this.dir = dir;
    this.clock = clock;
    this.current = material;
  }

  /** Loads the CA from {@code dir}, creating it (and the directory) on first start. */
  public static CertificateAuthority loadOrCreate(Path dir, Clock clock) {
    try {
      Files.createDirectories(dir);
      Path cert = dir.resolve("ca.crt");
      Path key = dir.resolve("ca.key");
      if (Files.exists(cert) && Files.exists(key)) {
        Material m = new Material(Pem.certificates(Files.readString(cert)).getFirst(), Pem.privateKey(Files.readString(key)));
        return new CertificateAuthority(dir, clock, m);
      }
      CertificateAuthority ca = new CertificateAuthority(dir, clock, null);
      ca.current = ca.createAndStore();
      log.info("created agent CA in {} (serial {})", dir, ca.current.certificate().getSerialNumber().toString(16));
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load or create the agent CA in " + dir, e);
    }
  }

  public X509Certificate certificate() {
    return current.certificate();
  }

  public String certificatePem() {
    return Pem.encode(current.certificate());
  }

  /** Called after every rotation, e.g. to re-issue the tunnel's server certificate. */
  public void onRotate(Runnable listener) {
    rotationListeners.add(listener);
  }

  /** Replaces the CA with a new one; certificates signed by the old CA no longer validate. */
  public void rotate() {
    synchronized (this) {
      try {
        current = createAndStore();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store the rotated agent CA in " + dir, e);
      }
    }
    log.info("rotated agent CA (new serial {})", current.certificate().getSerialNumber().toString(16));
    rotationListeners.forEach(Runnable::run);
  }

  /** True when {@code cert} carries a valid signature of the current CA (validity is not checked). */
  public boolean signed(X509Certificate cert) {
    Material m = current;
    try {
      cert.verify(m.certificate().getPublicKey());
      return cert.getIssuerX500Principal().equals(m.certificate().getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A client certificate for one cluster: CN={@code cluster}, SAN URI {@code periscope-agent://cluster}. */
  public X509Certificate issueAgent(String cluster, PublicKey key, Duration validity) {
    Material m = current;
    Instant now = clock.instant();
    try {
      X509v3CertificateBuilder b = builder(m, new X500Principal("CN=" + cluster + ",O=periscope-agent"), key, now, validity);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, AgentCertificates.uriFor(cluster))));
      return sign(b, m);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build the agent certificate for cluster '" + cluster + "'", e);
    }
  }

  /** The tunnel port's server certificate for the given DNS names and IP literals. */
  public Issued issueServer(List<String> hostnames, Duration validity) {
    Material m = current;
    KeyPair pair = newKeyPair();
    try {
      X509v3CertificateBuilder b = builder(m, new X500Principal("CN=periscope-tunnel,O=periscope"), pair.getPublic(), clock.instant(), validity);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      GeneralName[] names = hostnames.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      return new Issued(pair.getPrivate(), sign(b, m));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build the tunnel server certificate", e);
    }
  }

  private static GeneralName generalName(String host) {
    boolean ip = host.matches("[0-9.]+") || host.contains(":");
    if (ip) {
      try {
        return new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(host).getHostAddress());
      } catch (IllegalArgumentException e) {
        // not an IP literal after all: fall through to a DNS name
      }
    }
    return new GeneralName(GeneralName.dNSName, host);
  }

  private Material createAndStore() throws IOException {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    X500Principal subject = new X500Principal("CN=Periscope agent CA " + now.getEpochSecond() + ",O=periscope");
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
          Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      Material m = new Material(sign(b, new Material(null, pair.getPrivate())), pair.getPrivate());
      Pem.write(dir.resolve("ca.key"), Pem.encode(m.key()), true);
      Pem.write(dir.resolve("ca.crt"), Pem.encode(m.certificate()), false);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the agent CA", e);
    }
  }

  private static X509v3CertificateBuilder builder(Material ca, X500Principal subject, PublicKey key, Instant now, Duration validity) {
    // Back-dated a little so a peer whose clock lags slightly accepts a fresh certificate.
    return new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, Material ca) {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(ca.key())));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate with the agent CA", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }
}
