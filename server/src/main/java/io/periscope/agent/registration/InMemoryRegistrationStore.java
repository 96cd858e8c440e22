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
  private final Map<String, ClusterBinding> bindings = new ConcurrentHashMap<>();

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
    bindings.remove(cluster);
    deregistered.put(cluster, at);
  }

  @Override
  public Optional<Instant> deregisteredAt(String cluster) {
    return Optional.ofNullable(deregistered.get(cluster));
  }

  @Override
  public Optional<ClusterBinding> binding(String cluster) {
    return Optional.ofNullable(bindings.get(cluster));
  }

  @Override
  public ClusterBinding bindIfUnbound(String cluster, String uid, Instant at) {
    return bindings.computeIfAbsent(cluster, c -> new ClusterBinding(c, uid, at, null));
  }

  @Override
  public void recordConflict(String cluster, String uid, Instant at) {
    bindings.computeIfPresent(cluster, (c, b) -> {
      Instant first = b.lastConflict().filter(k -> k.uid().equals(uid)).map(Conflict::firstSeen).orElse(at);
      return new ClusterBinding(c, b.uid(), b.boundAt(), new Conflict(uid, first, at));
    });
  }

  @Override
  public void rebind(String cluster, String uid, Instant at) {
    bindings.put(cluster, new ClusterBinding(cluster, uid, at, null));
  }
}
