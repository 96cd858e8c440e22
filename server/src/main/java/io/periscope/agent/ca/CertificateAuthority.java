package io.periscope.agent.ca;

import com.github.benmanes.caffeine.cache.Cache;
import io.periscope.agent.ca.CaStore.Material;
import io.periscope.cache.Caches;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
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
 * The server's private CA for the agent tunnel: EC P-256, created on first start in a
 * {@link CaStore} (the server's database, or a directory) and reloaded afterwards, so agents
 * registered before a restart keep connecting. It signs agent client certificates and the tunnel
 * port's server certificate. {@link #rotate()} replaces it: every certificate signed by the old CA
 * stops validating at once (agents must re-register); other replicas adopt the new CA at their
 * next {@link #refresh()}.
 */
public final class CertificateAuthority {
  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CaStore store;
  private final Clock clock;
  private final List<Runnable> rotationListeners = new CopyOnWriteArrayList<>();
  private volatile Material current;
  /** Certificates whose signature was checked, and the CA certificate they were checked against. */
  private final Cache<X509Certificate, X509Certificate> verified = Caches.builder().maximumSize(4096).build();

  /** A key pair and its certificate, for the tunnel's own TLS identity. */
  public record Issued(PrivateKey key, X509Certificate certificate) {}

  private CertificateAuthority(CaStore store, Clock clock, Material material) {
    this.store = store;
    this.clock = clock;
    this.current = material;
  }

  /** Loads the CA from the PEM files in {@code dir}, creating them (and the directory) on first start. */
  public static CertificateAuthority loadOrCreate(Path dir, Clock clock) {
    return loadOrCreate(new DirectoryCaStore(dir), Optional::empty, clock);
  }

  /**
   * Loads the CA from {@code store}; when the store holds none yet, stores {@code seed}'s CA if it
   * has one (an existing CA moving into this store), else a new one. Of several servers doing this
   * at once on one store, all end with the same CA.
   */
  public static CertificateAuthority loadOrCreate(CaStore store, Supplier<Optional<Material>> seed, Clock clock) {
    Optional<Material> stored = store.load();
    if (stored.isPresent()) {
      log.info("loaded the agent CA from the {} (serial {}, SHA-256 {})", store.describe(), hex(stored.get()),
          fingerprint(stored.get().certificate()));
      return new CertificateAuthority(store, clock, stored.get());
    }
    Optional<Material> seeded = seed.get();
    Material candidate = seeded.orElseGet(() -> newCa(clock));
    Material won = store.createIfAbsent(candidate);
    if (!won.serial().equals(candidate.serial())) {
      log.info("another server stored the agent CA first; using it (serial {})", hex(won));
    } else if (seeded.isPresent()) {
      log.info("moved the existing agent CA (serial {}) into the {}", hex(won), store.describe());
    } else {
      log.info("created the agent CA in the {} (serial {}, SHA-256 {})", store.describe(), hex(won), fingerprint(won.certificate()));
    }
    return new CertificateAuthority(store, clock, won);
  }

  public X509Certificate certificate() {
    return current.certificate();
  }

  public String certificatePem() {
    return Pem.encode(current.certificate());
  }

  /** Called after every change of CA (a rotation here, or one adopted by {@link #refresh()}), e.g. to re-issue the tunnel's server certificate. */
  public void onRotate(Runnable listener) {
    rotationListeners.add(listener);
  }

  /**
   * Replaces the CA with a new one; certificates signed by the old CA no longer validate. When
   * another replica rotated it a moment before, its new CA is kept and used here too.
   */
  public void rotate() {
    synchronized (this) {
      current = store.replace(current.serial(), newCa(clock));
    }
    log.info("rotated the agent CA (new serial {})", hex(current));
    rotationListeners.forEach(Runnable::run);
  }

  /**
   * Adopts the CA the store holds when another replica rotated it; compares serials first, so an
   * unchanged store costs one small read and no decryption.
   *
   * @return true when the CA changed (the rotation listeners have run)
   */
  public boolean refresh() {
    Optional<BigInteger> storedSerial = store.storedSerial();
    if (storedSerial.isEmpty() || storedSerial.get().equals(current.serial())) {
      return false;
    }
    synchronized (this) {
      Optional<Material> stored = store.load();
      if (stored.isEmpty() || stored.get().serial().equals(current.serial())) {
        return false;
      }
      current = stored.get();
    }
    log.info("adopted the agent CA another server rotated to (serial {})", hex(current));
    rotationListeners.forEach(Runnable::run);
    return true;
  }

  /** True when {@code cert} carries a valid signature of the current CA (validity is not checked). */
  public boolean signed(X509Certificate cert) {
    Material m = current;
    // Every tunnel call presents its agent's certificate: verify each one once per CA (an ECDSA
    // check costs about a millisecond), keyed by its exact bytes and the CA that signed it.
    if (m.certificate().equals(verified.getIfPresent(cert))) {
      return true;
    }
    try {
      cert.verify(m.certificate().getPublicKey());
      boolean ours = cert.getIssuerX500Principal().equals(m.certificate().getSubjectX500Principal());
      if (ours) {
        verified.put(cert, m.certificate());
      }
      return ours;
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

  private static Material newCa(Clock clock) {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    X500Principal subject = new X500Principal("CN=Periscope agent CA " + now.getEpochSecond() + ",O=periscope");
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
          Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      return new Material(sign(b, pair.getPrivate()), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the agent CA", e);
    }
  }

  private static String hex(Material m) {
    return m.serial().toString(16);
  }

  /** The certificate's SHA-256 as colon-separated hex, as {@code openssl x509 -fingerprint -sha256} prints it. */
  public static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(Material ca, X500Principal subject, PublicKey key, Instant now, Duration validity) {
    // Back-dated a little so a peer whose clock lags slightly accepts a fresh certificate.
    return new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, Material ca) {
    return sign(b, ca.key());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
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
