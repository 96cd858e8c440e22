package io.periscope.fleet;

import java.util.List;

/**
 * One cluster's line on the fleet page, as the person sees it. Counts are null when the person
 * may not read them or the read failed; {@code problems} says which and why.
 */
public record ClusterHealth(String name, boolean reachable, String error, String version, Integer nodes, Integer notReadyNodes,
    Integer pods, Integer failingPods, Integer warnings, List<String> problems) {

  public ClusterHealth {
    problems = List.copyOf(problems);
  }

  static ClusterHealth unreachable(String name, String error) {
    return new ClusterHealth(name, false, error, null, null, null, null, null, null, List.of());
  }
}
