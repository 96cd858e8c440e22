package io.periscope.agent.registration;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Registration state in memory: fine for one replica; lost (revocations included) on restart. */
public final class InMemoryRegistrationStore implements RegistrationStore {
  private final Map<String, TokenRecord> tokens = new ConcurrentHashMap<>();
  private final Map<BigInteger, IssuedCertificate> issued = new ConcurrentHashMap<>();
  private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();

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
  }

  @Override
  public void revoke(BigInteger serial) {
    revoked.add(serial);
  }

  @Override
  public boolean revoked(BigInteger serial) {
    return revoked.contains(serial);
  }

  @Override
  public void deregister(String cluster) {
    issued.values().stream().filter(c -> c.cluster().equals(cluster)).forEach(c -> revoked.add(c.serial()));
    tokens.values().removeIf(t -> t.cluster().equals(cluster) && !t.used());
  }
}
