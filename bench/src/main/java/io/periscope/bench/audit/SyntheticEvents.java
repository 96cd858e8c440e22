package io.periscope.bench.audit;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plausible audit traffic: 200 people, 20 clusters, 50 namespaces, privileged verbs, 80% success,
 * 15% denied, 5% failure, rows spread over 30 days ending at {@code end}.
 */
final class SyntheticEvents {
  static final int ACTORS = 200;
  static final int CLUSTERS = 20;
  static final int NAMESPACES = 50;
  static final List<Verb> VERBS = List.of(Verb.APPLY, Verb.DELETE, Verb.SCALE, Verb.RESTART, Verb.EXEC,
      Verb.LOG_OPEN, Verb.SECRET_REVEAL, Verb.TRIGGER, Verb.HELM_READ, Verb.CREATE);
  private static final List<String> RESOURCES = List.of("pods", "deployments", "secrets", "statefulsets", "cronjobs", "configmaps");
  private static final List<String> FAILURES = List.of("timeout waiting for rollout", "conflict: object was modified",
      "admission webhook denied the request", "crashloopbackoff after restart", "connection reset by peer");

  private final SplittableRandom random;
  private final Instant end;
  private final long spanSeconds;

  SyntheticEvents(long seed, Instant end, long spanSeconds) {
    this.random = new SplittableRandom(seed);
    this.end = end;
    this.spanSeconds = spanSeconds;
  }

  /** The i-th of n events; times increase with i. */
  AuditEvent next(long i, long n) {
    String actor = "user-" + random.nextInt(ACTORS);
    Verb verb = VERBS.get(random.nextInt(VERBS.size()));
    String resource = verb == Verb.SECRET_REVEAL ? "secrets" : RESOURCES.get(random.nextInt(RESOURCES.size()));
    int roll = random.nextInt(100);
    Outcome outcome = roll < 80 ? Outcome.SUCCESS : roll < 95 ? Outcome.DENIED : Outcome.FAILURE;
    String name = resource + "-" + random.nextInt(500);
    String reason = switch (outcome) {
      case SUCCESS -> "";
      case DENIED -> resource + " \"" + name + "\" is forbidden: User \"" + actor + "\" cannot " + verb.wireName()
          + " resource \"" + resource + "\"";
      case FAILURE -> FAILURES.get(random.nextInt(FAILURES.size()));
    };
    Instant time = end.minusSeconds(spanSeconds).plusMillis((long) ((double) i / n * spanSeconds * 1000));
    return new AuditEvent(time, "req-" + Long.toHexString(random.nextLong()),
        new AuditEvent.Actor(actor, actor + "@corp.example", List.of("team-" + random.nextInt(12))), verb,
        new AuditEvent.Target("cluster-" + random.nextInt(CLUSTERS), "ns-" + random.nextInt(NAMESPACES), resource, name),
        outcome, reason, Map.of("route", "/api/clusters/{cluster}/" + resource));
  }
}
