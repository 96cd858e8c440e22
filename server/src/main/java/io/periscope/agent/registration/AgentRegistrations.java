package io.periscope.agent.registration;

import io.periscope.agent.ca.AgentCertificates;
import io.periscope.agent.ca.CertificateAuthority;
import io.periscope.agent.ca.Csrs;
import io.periscope.agent.ca.Pem;
import io.periscope.agent.registration.RegistrationException.Code;
import io.periscope.agent.registration.RegistrationStore.IssuedCertificate;
import io.periscope.agent.registration.RegistrationStore.TokenRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registration and admission of agents: mints single-use tokens for a cluster, redeems a token
 * and a CSR for a client certificate, and decides whether a presented certificate may open the
 * tunnel (signed by the current CA, within validity, not revoked).
 */
public final class AgentRegistrations {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TOKEN_PREFIX = "psa_";

  private final CertificateAuthority ca;
  private final RegistrationStore store;
  private final Clock clock;
  private final Duration tokenTtl;
  private final Duration certificateValidity;
  private final ClusterIdentities identities;
  private final List<Consumer<String>> deregistrationListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, BigInteger>> revocationListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Renewal>> renewalListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Registration>> registrationListeners = new CopyOnWriteArrayList<>();

  /** A freshly minted token; the only time the token text exists outside the agent. */
  public record MintedToken(String token, String cluster, Instant expiresAt) {}

  /**
   * One renewal attempt, granted or refused, for the audit log.
   *
   * @param cluster the cluster the presented certificate is bound to (empty if it names none or is not ours)
   * @param presentedSerial the serial of the certificate the agent presented (null without one)
   * @param issued the new certificate, or null when refused
   * @param refusal why it was refused; null when granted
   */
  public record Renewal(String cluster, BigInteger presentedSerial, X509Certificate issued, RegistrationException refusal) {}

  /** One registration attempt: {@code issued} when granted, else {@code refusal}; cluster "" when the token is unknown. */
  public record Registration(String cluster, X509Certificate issued, RegistrationException refusal) {}

  /** What a successful registration returns to the agent. */
  public record Credentials(String cluster, X509Certificate certificate, String chainPem, String caPem) {}

  public AgentRegistrations(CertificateAuthority ca, RegistrationStore store, Clock clock, Duration tokenTtl,
      Duration certificateValidity) {
    this.ca = ca;
    this.store = store;
    this.clock = clock;
    this.tokenTtl = tokenTtl;
    this.certificateValidity = certificateValidity;
    this.identities = new ClusterIdentities(store, clock);
  }

  /** Defaults: tokens live 15 minutes, certificates 30 days. */
  public static AgentRegistrations withDefaults(CertificateAuthority ca, RegistrationStore store, Clock clock) {
    return new AgentRegistrations(ca, store, clock, Duration.ofMinutes(15), Duration.ofDays(30));
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /** Each agent cluster's bound identity (its kube-system UID), kept in the same store. */
  public ClusterIdentities identities() {
    return identities;
  }

  /** @throws IllegalArgumentException when the cluster name cannot appear in a certificate */
  public MintedToken mint(String cluster) {
    if (!AgentCertificates.validClusterName(cluster)) {
      throw new IllegalArgumentException("invalid cluster name '" + cluster + "': letters, digits, '.', '_', '-' only");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant expiresAt = clock.instant().plus(tokenTtl);
    store.putToken(new TokenRecord(hash(token), cluster, expiresAt, false));
    return new MintedToken(token, cluster, expiresAt);
  }

  /** Redeems a token once. @throws RegistrationException when the token or CSR is refused */
  public Credentials redeem(String token, byte[] csrDer) {
    String[] cluster = {""};
    try {
      Credentials c = redeem(token, csrDer, cluster);
      registrationListeners.forEach(l -> l.accept(new Registration(c.cluster(), c.certificate(), null)));
      return c;
    } catch (RegistrationException e) {
      registrationListeners.forEach(l -> l.accept(new Registration(cluster[0], null, e)));
      throw e;
    }
  }

  private Credentials redeem(String token, byte[] csrDer, String[] cluster) {
    // Parse the CSR before burning the token, so a broken agent build does not waste it.
    PublicKey key;
    try {
      key = Csrs.verifiedKey(csrDer);
    } catch (IllegalArgumentException e) {
      throw new RegistrationException(Code.CSR_INVALID, e.getMessage());
    }
    TokenRecord record = store.markUsed(hash(token))
        .orElseThrow(() -> new RegistrationException(Code.TOKEN_UNKNOWN, "the registration token is not known; mint a new one"));
    cluster[0] = record.cluster();
    if (record.used()) {
      throw new RegistrationException(Code.TOKEN_USED, "the registration token for cluster '" + record.cluster() + "' was already used"
          + " (a token registers one agent, once): mint a new one; an agent that registered keeps its certificate in its state"
          + " and needs no token to restart");
    }
    if (!clock.instant().isBefore(record.expiresAt())) {
      throw new RegistrationException(Code.TOKEN_EXPIRED,
          "the registration token for cluster '" + record.cluster() + "' expired at " + record.expiresAt()
              + " (tokens live agent.tokenTtl): mint a new one and start the agent within that time");
    }
    X509Certificate cert = ca.issueAgent(record.cluster(), key, certificateValidity);
    store.recordIssued(new IssuedCertificate(cert.getSerialNumber(), record.cluster(), cert.getNotAfter().toInstant()));
    return new Credentials(record.cluster(), cert, Pem.encode(cert, ca.certificate()), ca.certificatePem());
  }

  /** Called after every registration attempt (granted or refused), on the caller's thread. */
  public void onRegistration(Consumer<Registration> listener) {
    registrationListeners.add(listener);
  }

  /**
   * Renews an agent's certificate: a new certificate for a new key, bound to the cluster of the
   * presented certificate, which must itself still be admitted (so a revoked certificate or a
   * deregistered cluster cannot renew, and a certificate cannot renew itself into another
   * cluster). The presented certificate stays valid until it expires, so the agent's live tunnel
   * keeps working while it reconnects with the new one. Every attempt reaches the renewal listeners.
   *
   * @throws RegistrationException when the presented certificate is not admitted or the CSR is broken
   */
  public Credentials renew(X509Certificate presented, byte[] csrDer) {
    String cluster = presented == null ? "" : (ca.signed(presented) ? AgentCertificates.cluster(presented).orElse("") : "");
    BigInteger serial = presented == null ? null : presented.getSerialNumber();
    try {
      String admitted = admit(presented);
      PublicKey key;
      try {
        key = Csrs.verifiedKey(csrDer);
      } catch (IllegalArgumentException e) {
        throw new RegistrationException(Code.CSR_INVALID, e.getMessage());
      }
      X509Certificate cert = ca.issueAgent(admitted, key, certificateValidity);
      store.recordIssued(new IssuedCertificate(cert.getSerialNumber(), admitted, cert.getNotAfter().toInstant()));
      renewalListeners.forEach(l -> l.accept(new Renewal(admitted, serial, cert, null)));
      return new Credentials(admitted, cert, Pem.encode(cert, ca.certificate()), ca.certificatePem());
    } catch (RegistrationException e) {
      renewalListeners.forEach(l -> l.accept(new Renewal(cluster, serial, null, e)));
      throw e;
    }
  }

  /** Called after every renewal attempt (granted or refused), on the caller's thread. */
  public void onRenewal(Consumer<Renewal> listener) {
    renewalListeners.add(listener);
  }

  /**
   * Admits a client certificate to the tunnel.
   *
   * @return the cluster the certificate speaks for
   * @throws RegistrationException naming why it is refused
   */
  public String admit(X509Certificate cert) {
    if (cert == null) {
      throw new RegistrationException(Code.CERTIFICATE_MISSING, "a client certificate is required; register the agent first");
    }
    if (!ca.signed(cert)) {
      throw new RegistrationException(Code.CERTIFICATE_UNKNOWN_CA,
          "the certificate was not issued by the current agent CA (was the CA rotated?); re-register the agent with a new token");
    }
    Instant now = clock.instant();
    if (now.isAfter(cert.getNotAfter().toInstant()) || now.isBefore(cert.getNotBefore().toInstant())) {
      throw new RegistrationException(Code.CERTIFICATE_EXPIRED,
          "the certificate is valid from " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant()
              + "; re-register the agent with a new token");
    }
    String cluster = AgentCertificates.cluster(cert)
        .orElseThrow(() -> new RegistrationException(Code.CERTIFICATE_INVALID, "the certificate names no cluster"));
    if (store.revoked(cert.getSerialNumber())) {
      throw new RegistrationException(Code.CERTIFICATE_REVOKED,
          "the certificate for cluster '" + cluster + "' was revoked or the cluster deregistered; to serve the cluster again,"
              + " clear the agent's state (its Secret's agent.key and agent.crt, or its state directory) and restart it with a new"
              + " registration token");
    }
    return cluster;
  }

  /**
   * Revokes every certificate of the cluster, drops its unused tokens, forgets its identity binding
   * and tells listeners (the tunnel drops its live session). The cluster may register again with a new token.
   *
   * @return how many certificates it had been issued
   */
  public int deregister(String cluster) {
    int certificates = (int) store.issued().stream().filter(c -> c.cluster().equals(cluster)).count();
    store.deregister(cluster, clock.instant());
    deregistrationListeners.forEach(l -> l.accept(cluster));
    return certificates;
  }

  /**
   * Revokes one certificate; the tunnels admitted with it are dropped with their calls (tunnels of
   * the agent's other, valid certificate go on).
   *
   * @return the revoked certificate, or empty when this server never issued that serial
   */
  public Optional<IssuedCertificate> revoke(BigInteger serial) {
    Optional<IssuedCertificate> issued = store.issued(serial);
    issued.ifPresent(c -> {
      store.revoke(serial, clock.instant());
      revocationListeners.forEach(l -> l.accept(c.cluster(), serial));
    });
    return issued;
  }

  /** Certificates issued so far (all CAs), oldest first. */
  public List<IssuedCertificate> issued() {
    return store.issued();
  }

  public boolean revoked(BigInteger serial) {
    return store.revoked(serial);
  }

  public Optional<Instant> deregisteredAt(String cluster) {
    return store.deregisteredAt(cluster);
  }

  public void onDeregister(Consumer<String> listener) {
    deregistrationListeners.add(listener);
  }

  /** Told the cluster and serial of each certificate {@link #revoke} revokes. */
  public void onRevoke(java.util.function.BiConsumer<String, BigInteger> listener) {
    revocationListeners.add(listener);
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
