package io.periscope.aws.iam;

import io.periscope.audit.AuditTrail;
import io.periscope.cache.SharedReads;
import io.periscope.aws.AwsCalls;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Futures;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Roles' identity policies, read from IAM once and kept for {@code ttl} (IAM policy versions are
 * immutable; a changed policy is a new default version, so a role's answer may lag by up to the
 * TTL unless someone refreshes it). Managed policies are kept by ARN too, so AWS's managed
 * policies shared by many roles are read once. Reads that had problems are kept only for
 * {@code retryAfter}. Concurrent requests for the same role share one read; reads of one account's
 * roles run at most {@code maxConcurrentPerAccount} at a time (IAM throttles per account).
 */
public final class RolePolicyCache {
  /** The cache's limits. */
  public record Settings(Duration ttl, Duration retryAfter, int maxConcurrentPerAccount) {}

  private final RolePolicies reader;
  private final Clock clock;
  private final Settings settings;
  private final SharedReads<String, RolePolicySet> roles;
  private final SharedReads<String, RolePolicies.Managed> managed;
  private final Map<String, Semaphore> accounts = new ConcurrentHashMap<>();

  public RolePolicyCache(AwsCalls calls, Clock clock, Settings settings) {
    this.reader = new RolePolicies(calls, clock::instant);
    this.clock = clock;
    this.settings = settings;
    this.roles = new SharedReads<>(this::expired, "reading a role's IAM policies");
    this.managed = new SharedReads<>(m -> !clock.instant().isBefore(m.fetchedAt().plus(settings.ttl())), "reading a managed IAM policy");
  }

  /** The role's policies, from the cache while fresh, else read from IAM (each IAM call audited as {@code audit} with its op). */
  public RolePolicySet get(IamClient iam, String roleArn, AuditTrail.Action audit) {
    return roles.get(roleArn, arn -> withinAccountLimit(arn,
        () -> reader.read(iam, arn, audit.with(Map.of("role", arn)), this::managedPolicy)));
  }

  /** {@link #get} for many roles at once, read concurrently (within each account's limit); in the order given. */
  public Map<String, RolePolicySet> getAll(IamClient iam, Collection<String> roleArns, AuditTrail.Action audit) {
    Map<String, Future<RolePolicySet>> pending = new LinkedHashMap<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String arn : new LinkedHashSet<>(roleArns)) {
        pending.put(arn, threads.submit(() -> get(iam, arn, audit)));
      }
      Map<String, RolePolicySet> out = new LinkedHashMap<>();
      for (var e : pending.entrySet()) {
        out.put(e.getKey(), Futures.await(e.getValue(), "reading IAM policies"));
      }
      return out;
    }
  }

  /**
   * Forgets the roles and the managed policies they attach, so the next {@link #get} reads them
   * from IAM again. Returns the roles that were cached.
   */
  public List<String> invalidate(Collection<String> roleArns) {
    List<String> dropped = new ArrayList<>();
    for (String arn : roleArns) {
      roles.forget(arn).ifPresent(set -> {
        set.managedPolicyArns().forEach(managed::forget);
        dropped.add(arn);
      });
    }
    return dropped;
  }

  /** How many roles are cached (fresh or not). */
  public int size() {
    return roles.size();
  }

  private RolePolicies.Managed managedPolicy(String arn, Supplier<RolePolicies.Managed> read) {
    return managed.get(arn, a -> read.get());
  }

  private boolean expired(RolePolicySet set) {
    Duration keep = set.problems().isEmpty() || set.existence() == RolePolicySet.Existence.NOT_FOUND ? settings.ttl() : settings.retryAfter();
    return !clock.instant().isBefore(set.fetchedAt().plus(keep));
  }

  private <T> T withinAccountLimit(String roleArn, Supplier<T> read) {
    Semaphore permits = accounts.computeIfAbsent(RolePolicySet.account(roleArn), a -> new Semaphore(settings.maxConcurrentPerAccount()));
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(ErrorCode.INTERNAL_ERROR, "reading the policies of " + roleArn + " was interrupted");
    }
    try {
      return read.get();
    } finally {
      permits.release();
    }
  }
}
