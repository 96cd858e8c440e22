package io.periscope.attackpaths;

import java.time.Instant;
import java.util.List;

/**
 * A subject's paths to sensitive AWS actions through Kubernetes, as a layered graph: subject → binding →
 * capability (in a namespace, or every namespace) → ServiceAccount → IAM role → sensitive action. Every edge says
 * why it is there. Only nodes and edges on some path are in it.
 *
 * @param paths each path as its node ids, subject first; at most a few hundred ({@code pathsOmitted}: how many more)
 * @param complete false when something the paths depend on could not be read ({@code incomplete} says what)
 * @param bound how far the AWS side is an upper bound (as the AWS Access tab says it)
 * @param fetchedAt when the oldest IAM policy used was read
 */
public record AttackPaths(String cluster, AttackPathQuery subject, List<Node> nodes, List<Edge> edges, List<Path> paths, int pathsOmitted,
    boolean complete, List<Gap> incomplete, List<String> problems, String bound, Instant fetchedAt) {

  /** Node kinds, in the order of the graph's layers. */
  public enum Kind { SUBJECT, BINDING, CAPABILITY, SERVICE_ACCOUNT, IAM_ROLE, ACTION }

  /** @param incomplete true for a capability that stands for grants that could not be read */
  public record Node(String id, Kind kind, String label, String detail, boolean incomplete) {}

  /**
   * @param conditional the step works only if something exists that could not be checked (a legacy token Secret)
   * @param incomplete the step stands for grants that could not be read
   */
  public record Edge(String from, String to, String explanation, boolean conditional, boolean incomplete) {}

  /**
   * @param scope how far the role reaches the action ({@code ALL_RESOURCES}, {@code SOME_RESOURCES}, {@code CONDITIONAL})
   * @param why for an incomplete path, what could not be read
   */
  public record Path(List<String> nodes, String action, String category, String scope, boolean incomplete, String why) {}

  /** Something that could not be read: {@code scope} a namespace, or {@code cluster}. */
  public record Gap(String scope, String reason) {}
}
