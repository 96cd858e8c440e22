package io.periscope.aws.identity;

/** One workload whose AWS identity is asked for: a pod, a controller with a pod template, or a ServiceAccount. */
public record WorkloadRef(String cluster, WorkloadKind kind, String namespace, String name) {
  @Override
  public String toString() {
    return kind.kind() + " " + namespace + "/" + name;
  }
}
