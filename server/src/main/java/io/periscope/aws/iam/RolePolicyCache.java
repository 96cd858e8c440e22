package io.periscope.aws.iam;

import io.periscope.audit.AuditTrail;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
  private final Map<String, CompletableFuture<RolePolicySet>> roles = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<RolePolicies.Managed>> managed = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> accounts = new ConcurrentHashMap<>();

  public RolePolicyCache(AwsCalls calls, Clock clock, Settings settings) {
    this.reader = new RolePolicies(calls, clock::instant);
    this.clock = clock;
    this.settings = settings;
  }

  /** The role's policies, from the cache while fresh, else read from IAM (each IAM call audited as {@code audit} with its op). */
  public RolePolicySet get(IamClient iam, String roleArn, AuditTrail.Action audit) {
    return shared(roles, roleArn, this::expired, () -> withinAccountLimit(roleArn,
        () -> reader.read(iam, roleArn, audit.with(Map.of("role", roleArn)), this::managedPolicy)));
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
      CompletableFuture<RolePolicySet> f = roles.remove(arn);
      if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
        f.join().managedPolicyArns().forEach(managed::remove);
        dropped.add(arn);
      }
    }
    return dropped;
  }

  /** How many roles are cached (fresh or not). */
  public int size() {
    return roles.size();
  }

  private RolePolicies.Managed managedPolicy(String arn, Supplier<RolePolicies.Managed> read) {
    return shared(managed, arn, m -> !clock.instant().isBefore(m.fetchedAt().plus(settings.ttl())), read);
  }

  private boolean expired(RolePolicySet set) {
    Duration keep = set.problems().isEmpty() || set.existence() == RolePolicySet.Existence.NOT_FOUND ? settings.ttl() : settings.retryAfter();
    return !clock.instant().isBefore(set.fetchedAt().plus(keep));
  }

  /**
   * The value under {@code key} while it is not {@code expired}, else {@code read} once for every
   * concurrent caller. A read that throws is not kept.
   */
  private static <T> T shared(Map<String, CompletableFuture<T>> cache, String key, java.util.function.Predicate<T> expired, Supplier<T> read) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> current = cache.compute(key, (k, v) ->
        v == null || v.isDone() && !v.isCompletedExceptionally() && expired.test(v.join()) ? mine : v);
    if (current == mine) {
      try {
        mine.complete(read.get());
      } catch (RuntimeException e) {
        cache.remove(key, mine);
        mine.completeExceptionally(e);
      }
    }
    try {
      return current.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
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
