package io.periscope.agent.registration;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Registration state in memory, for tests: lost (revocations included) on restart. */
public final class InMemoryRegistrationStore implements RegistrationStore {
  private final Map<String, TokenRecord> tokens = new ConcurrentHashMap<>();
  private final Map<BigInteger, IssuedCertificate> issued = new ConcurrentHashMap<>();
  private final List<IssuedCertificate> issuedInOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> deregistered = new ConcurrentHashMap<>();

  @Override
  public void putToken(TokenRecord token) {
    tokens.put(token.hash(), token);
  }

  @Override
  public Optional<TokenRecord> markUsed(String hash) {
    TokenRecord[] before = new TokenRecord[1];
    tokens.computeIfPresent(hash, (h, t) -> {
      before[0] = t;
      return new TokenRecord(t.hash(), t.cluster(), t.expiresAt(), true);
    });
    return Optional.ofNullable(before[0]);
  }

  @Override
  public void recordIssued(IssuedCertificate certificate) {
    issued.put(certificate.serial(), certificate);
    issuedInOrder.add(certificate);
    deregistered.remove(certificate.cluster());
  }

  @Override
  public Optional<IssuedCertificate> issued(BigInteger serial) {
    return Optional.ofNullable(issued.get(serial));
  }

  @Override
  public List<IssuedCertificate> issued() {
    return new ArrayList<>(issuedInOrder);
  }

  @Override
  public void revoke(BigInteger serial, Instant at) {
    revoked.add(serial);
  }

  @Override
  public boolean revoked(BigInteger serial) {
    return revoked.contains(serial);
  }

  @Override
  public void deregister(String cluster, Instant at) {
    issued.values().stream().filter(c -> c.cluster().equals(cluster)).forEach(c -> revoked.add(c.serial()));
    tokens.values().removeIf(t -> t.cluster().equals(cluster) && !t.used());
    deregistered.put(cluster, at);
  }

  @Override
  public Optional<Instant> deregisteredAt(String cluster) {
    return Optional.ofNullable(deregistered.get(cluster));
  }
}
