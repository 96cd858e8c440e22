package io.periscope.clusters;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code clusters.yaml}. Only the fields of the entry's backend are set; the parser
 * ({@link ClustersFile}) guarantees that.
 *
 * @param name unique cluster name used in URLs
 * @param region AWS region of the cluster (eks backend; any other backend whose cluster runs on EKS)
 * @param arn EKS cluster ARN, any backend; its region and name are derived from it when present
 * @param eksName EKS cluster name, from {@code arn} or given directly; with {@code region} it turns on
 *     the AWS features (Pod Identity, AWS Access) for the cluster whatever its backend
 * @param kubeconfig path of the kubeconfig file (kubeconfig backend; empty = default loading rules)
 * @param context kubeconfig context (kubeconfig backend; empty = current context)
 * @param agent agent settings name (agent backend), the cluster name the agent registers for
 * @param inspector the entry's {@code inspector.enabled}; empty: the server's {@code inspector.enabled}
 */
public record ClusterSpec(
    String name,
    Backend backend,
    Optional<String> region,
    Optional<String> arn,
    Optional<String> eksName,
    String environment,
    Map<String, String> tags,
    Optional<String> kubeconfig,
    Optional<String> context,
    Optional<String> agent,
    Optional<Boolean> inspector) {

  public ClusterSpec {
    tags = Map.copyOf(tags);
  }

  /** An entry that leaves Inspector to the server's default. */
  public ClusterSpec(String name, Backend backend, Optional<String> region, Optional<String> arn, Optional<String> eksName, String environment,
      Map<String, String> tags, Optional<String> kubeconfig, Optional<String> context, Optional<String> agent) {
    this(name, backend, region, arn, eksName, environment, tags, kubeconfig, context, agent, Optional.empty());
  }
}
