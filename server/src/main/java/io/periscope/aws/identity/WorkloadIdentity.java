package io.periscope.aws.identity;

import java.util.List;
import java.util.Optional;

/**
 * Which AWS identity a workload's containers get: its ServiceAccount (the {@code default} one when
 * the pod (template) names none — a blind spot, since every pod without a choice shares it), the
 * IAM role of IRSA (the ServiceAccount's {@code eks.amazonaws.com/role-arn}) and of EKS Pod
 * Identity associations.
 *
 * @param kind the workload's resource name ({@code pods}, {@code deployments}, ... {@code serviceaccounts})
 * @param effectiveRoleArn the role the AWS SDKs in the pod will use: IRSA's when both are set (the
 *     default credential chains read the web-identity token before the container credentials)
 * @param problems what could not be read and why (the rest is still answered)
 */
public record WorkloadIdentity(
    String kind,
    String namespace,
    String name,
    String serviceAccount,
    boolean defaultServiceAccount,
    Optional<String> irsaRoleArn,
    List<PodIdentity> podIdentity,
    Optional<String> effectiveRoleArn,
    List<String> problems) {

  public WorkloadIdentity {
    podIdentity = List.copyOf(podIdentity);
    problems = List.copyOf(problems);
  }

  /** One EKS Pod Identity association for the workload's ServiceAccount. */
  public record PodIdentity(String associationId, String roleArn) {}

  /** Every role the workload can use, IRSA's first. */
  public List<String> roles() {
    var roles = new java.util.LinkedHashSet<String>();
    irsaRoleArn.ifPresent(roles::add);
    podIdentity.forEach(p -> roles.add(p.roleArn()));
    return List.copyOf(roles);
  }
}
