package io.periscope.aws.iam;

import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterFanOut;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reverse lookup over every cluster the person sees in the cluster list: each AWS cluster's
 * {@link ReverseLookup} is asked through a {@link ClusterFanOut} (bounded concurrency, a time-out
 * per cluster from when it starts). A cluster that does not answer in time, fails, or is not on AWS
 * gets a status instead of results and marks the answer partial; it never holds the others back. Audit: each AWS cluster consulted writes the same
 * {@code aws_iam_read} {@code reverse_lookup} row as the per-cluster lookup (plus its IAM calls);
 * a cluster not on AWS is not consulted and writes none.
 */
public final class FleetReverseLookup {
  /** How one cluster answered. */
  public enum Status {
    OK, TIMED_OUT, FAILED, NOT_AWS;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The fleet question: the per-cluster one without a cluster. */
  public record Query(String action, Optional<String> resource, Optional<String> namespace) {
    /** @throws Problem 400 naming the bad parameter (the per-cluster query's checks) */
    public Query {
      new ReverseLookup.Query("", action, resource, namespace);
    }

    ReverseLookup.Query on(String cluster) {
      return new ReverseLookup.Query(cluster, action, resource, namespace);
    }
  }

  /**
   * One cluster's part: its answer when {@code OK}; otherwise the error {@code code} (the API error
   * code the per-cluster lookup would have answered with, or {@code timeout}) and a message.
   */
  public record ClusterResult(String cluster, Status status, String code, String message, ReverseLookup.Answer answer) {
    static ClusterResult ok(ReverseLookup.Answer answer) {
      return new ClusterResult(answer.cluster(), Status.OK, null, null, answer);
    }

    static ClusterResult not(String cluster, Status status, String code, String message) {
      return new ClusterResult(cluster, status, code, message, null);
    }
  }

  /** @param partial some cluster on AWS did not answer (timed out or failed): its workloads are missing */
  public record Answer(String action, Optional<String> resource, Optional<String> namespace, boolean partial,
      List<ClusterResult> clusters, String bound) {}

  private final ClusterRegistry clusters;
  private final ReverseLookup lookup;
  private final ClusterFanOut fanOut;

  public FleetReverseLookup(ClusterRegistry clusters, ReverseLookup lookup, ClusterFanOut.Settings settings) {
    this.clusters = clusters;
    this.lookup = lookup;
    this.fanOut = new ClusterFanOut(settings);
  }

  public Answer lookup(Principal who, String requestId, Query q) {
    List<ClusterSpec> specs = clusters.clusters();
    List<String> onAws = specs.stream().filter(s -> s.region().isPresent()).map(ClusterSpec::name).toList();
    Map<String, ClusterFanOut.Outcome<ReverseLookup.Answer>> asked = new HashMap<>();
    fanOut.ask(onAws, cluster -> lookup.lookup(who, requestId, q.on(cluster))).forEach(o -> asked.put(o.cluster(), o));
    List<ClusterResult> out = specs.stream()
        .map(s -> s.region().isEmpty()
            ? ClusterResult.not(s.name(), Status.NOT_AWS, null, "its entry in clusters.yaml names no AWS region")
            : result(asked.get(s.name()), requestId))
        .toList();
    boolean partial = out.stream().anyMatch(r -> r.status() == Status.TIMED_OUT || r.status() == Status.FAILED);
    return new Answer(q.action(), q.resource(), q.namespace(), partial, out, WorkloadPermissions.IDENTITY_BOUND);
  }

  private static ClusterResult result(ClusterFanOut.Outcome<ReverseLookup.Answer> outcome, String requestId) {
    return switch (outcome) {
      case ClusterFanOut.Outcome.Answered<ReverseLookup.Answer> a -> ClusterResult.ok(a.value());
      case ClusterFanOut.Outcome.TimedOut<ReverseLookup.Answer> t -> ClusterResult.not(t.cluster(), Status.TIMED_OUT, "timeout", t.message());
      case ClusterFanOut.Outcome.Failed<ReverseLookup.Answer> f -> {
        var error = f.error(requestId);
        yield ClusterResult.not(f.cluster(), Status.FAILED, error.code(), error.message());
      }
    };
  }
}
