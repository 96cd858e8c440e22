package io.periscope.agent.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When the agent renews its client certificate: once {@code fraction} of its validity has passed
 * (default two thirds), leaving the last third to retry a renewal the server could not answer.
 */
record RenewalPolicy(double fraction) {
  static final RenewalPolicy DEFAULT = new RenewalPolicy(2.0 / 3.0);

  RenewalPolicy {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("the renewal point must be a fraction of the validity between 0 and 1, not " + fraction);
    }
  }

  Instant renewAt(X509Certificate cert) {
    Instant from = cert.getNotBefore().toInstant();
    Duration validity = Duration.between(from, cert.getNotAfter().toInstant());
    return from.plusMillis((long) (validity.toMillis() * fraction));
  }

  boolean due(X509Certificate cert, Instant now) {
    return !now.isBefore(renewAt(cert));
  }

  /** The leaf (first) certificate of a chain PEM file. */
  static X509Certificate leaf(Path chainPem) throws IOException {
    try (InputStream in = Files.newInputStream(chainPem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException e) {
      throw new IOException("cannot read the agent certificate " + chainPem + ": " + e.getMessage(), e);
    }
  }
}
