package io.periscope.agent.link;

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
}
