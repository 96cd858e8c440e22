package io.periscope.agent.link;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The agent's client identity: its private key (PKCS#8 PEM), the certificate chain the server
 * signed (PEM, leaf first) and the SHA-256 (hex) of the registration token that bought it ("" when
 * not known: state written by an older agent). Kept whole in memory; a {@link StateStore} persists it.
 * The token's digest is kept so that a restarted agent never presents a token it knows is spent.
 */
record Identity(String keyPem, String chainPem, String tokenSha256) {
  /** SAN URI the server puts in every agent certificate: {@code periscope-agent://<cluster>}. */
  private static final String CLUSTER_URI = "periscope-agent://";
  private static final int SAN_URI = 6;

  Identity(String keyPem, String chainPem) {
    this(keyPem, chainPem, "");
  }

  /** A new identity, bought with {@code token}. */
  static Identity registered(PrivateKey key, String chainPem, String token) {
    return new Identity(pem(key), chainPem, sha256(token));
  }

  /** This identity's successor after a renewal: a new key and chain, from the same registration. */
  Identity renewed(PrivateKey key, String chainPem) {
    return new Identity(pem(key), chainPem, tokenSha256);
  }

  private static String pem(PrivateKey key) {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the agent key", e);
    }
    return pem.toString();
  }

  /** Whether this identity was bought with {@code token}, which the server then holds spent. */
  boolean registeredWith(String token) {
    return !tokenSha256.isEmpty()
        && MessageDigest.isEqual(tokenSha256.getBytes(StandardCharsets.US_ASCII), sha256(token).getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  InputStream key() {
    return new ByteArrayInputStream(keyPem.getBytes(StandardCharsets.US_ASCII));
  }

  InputStream chain() {
    return new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII));
  }

  /** The leaf (first) certificate of the chain. */
  X509Certificate leaf() throws IOException {
    try (InputStream in = chain()) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException e) {
      throw new IOException("cannot read the agent certificate: " + e.getMessage(), e);
    }
  }

  /** The cluster the certificate is bound to (its {@code periscope-agent://} SAN URI); empty if it names none. */
  Optional<String> cluster() throws IOException {
    try {
      var names = leaf().getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        if (name.get(0) instanceof Integer type && type == SAN_URI && name.get(1) instanceof String uri && uri.startsWith(CLUSTER_URI)) {
          return Optional.of(uri.substring(CLUSTER_URI.length()));
        }
      }
      return Optional.empty();
    } catch (CertificateParsingException e) {
      throw new IOException("cannot read the agent certificate's names: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Identity[key=(redacted), chain=" + chainPem.length() + " chars]";
  }
}
