package io.periscope.fleet;

import java.util.List;

/**
 * One cluster's line on the fleet page, as the person sees it. Counts are null when the person
 * may not read them or the read failed; {@code problems} says which and why.
 *
 * @param errorCode null when the cluster answered; {@code no_identity} when the person has no
 *     Kubernetes identity for it (nothing was asked, the cluster may well be up), else {@code unreachable}
 */
public record ClusterHealth(String name, boolean reachable, String errorCode, String error, String version, Integer nodes,
    Integer notReadyNodes, Integer pods, Integer failingPods, Integer warnings, List<String> problems) {

  public ClusterHealth {
    problems = List.copyOf(problems);
  }

  static ClusterHealth unreachable(String name, String error) {
    return new ClusterHealth(name, false, "unreachable", error, null, null, null, null, null, null, List.of());
  }

  static ClusterHealth noIdentity(String name, String reason) {
    return new ClusterHealth(name, false, "no_identity", reason, null, null, null, null, null, null, List.of());
  }
}
