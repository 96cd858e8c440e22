package io.periscope.agent.link;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The agent's client identity: its private key (PKCS#8 PEM) and the certificate chain the server
 * signed (PEM, leaf first). Kept whole in memory; a {@link StateStore} persists it.
 */
record Identity(String keyPem, String chainPem) {
  /** SAN URI the server puts in every agent certificate: {@code periscope-agent://<cluster>}. */
  private static final String CLUSTER_URI = "periscope-agent://";
  private static final int SAN_URI = 6;

  static Identity of(PrivateKey key, String chainPem) {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the agent key", e);
    }
    return new Identity(pem.toString(), chainPem);
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
