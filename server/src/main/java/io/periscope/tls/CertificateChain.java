package io.periscope.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificates of a PEM bundle (the leaf first, as {@code tls.crt} holds it, then its
 * intermediates), each with what an operator checks: who it is for, who signed it, until when.
 *
 * @param expiresAt the earliest end of validity in the chain: when clients start refusing it
 * @param daysLeft whole days from now to {@code expiresAt}; negative once expired (whole days since)
 * @param hoursLeft the same in whole hours, for the last day before and the first day after the end
 */
public record CertificateChain(List<Certificate> certificates, Instant expiresAt, long daysLeft, long hoursLeft, State state) {
  /** Below this many days left a certificate is called out: renewals that fail are noticed in time. */
  static final long SOON_DAYS = 21;

  public enum State { VALID, EXPIRES_SOON, EXPIRED, NOT_YET_VALID }

  /**
   * One certificate of the chain.
   *
   * @param names the DNS names and IP addresses it is valid for (its subject alternative names)
   */
  public record Certificate(String subject, String issuer, List<String> names, Instant notBefore, Instant notAfter, boolean authority,
      String serialNumber, String keyAlgorithm, String signatureAlgorithm) {}

  /**
   * Reads the PEM (or DER) certificates of {@code bundle}.
   *
   * @throws IllegalArgumentException when there is no certificate to read, with why
   */
  public static CertificateChain parse(byte[] bundle, Clock clock) {
    Collection<? extends java.security.cert.Certificate> read;
    try {
      read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bundle));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("tls.crt is not a PEM certificate: " + firstLine(e.getMessage()), e);
    }
    List<Certificate> chain = new ArrayList<>();
    for (var c : read) {
      if (c instanceof X509Certificate x) {
        chain.add(describe(x));
      }
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("tls.crt holds no X.509 certificate");
    }
    Instant now = clock.instant();
    Instant expires = chain.stream().map(Certificate::notAfter).min(Instant::compareTo).orElseThrow();
    Instant starts = chain.getFirst().notBefore();
    long secondsLeft = Duration.between(now, expires).toSeconds();
    long daysLeft = secondsLeft / 86_400; // towards zero: an hour past the end is not "a day ago"
    long hoursLeft = secondsLeft / 3_600;
    State state = now.isAfter(expires) ? State.EXPIRED : now.isBefore(starts) ? State.NOT_YET_VALID
        : daysLeft < SOON_DAYS ? State.EXPIRES_SOON : State.VALID;
    return new CertificateChain(List.copyOf(chain), expires, daysLeft, hoursLeft, state);
  }

  private static Certificate describe(X509Certificate x) {
    return new Certificate(x.getSubjectX500Principal().getName(), x.getIssuerX500Principal().getName(), names(x),
        x.getNotBefore().toInstant(), x.getNotAfter().toInstant(), x.getBasicConstraints() >= 0, x.getSerialNumber().toString(16),
        x.getPublicKey().getAlgorithm(), x.getSigAlgName());
  }

  /** DNS names (type 2) and IP addresses (type 7) of the subject alternative names, in their order. */
  private static List<String> names(X509Certificate x) {
    List<String> names = new ArrayList<>();
    try {
      var sans = x.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0)))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable subject alternative names: " + firstLine(e.getMessage()) + ")");
    }
    return List.copyOf(names);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
