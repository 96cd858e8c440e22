package io.periscope.aws.identity;

import java.util.List;
import java.util.Optional;

/**
 * Which AWS identity a pod's containers get: its ServiceAccount (the {@code default} one when the
 * pod names none — a blind spot, since every pod without a choice shares it), the IAM role of IRSA
 * (the ServiceAccount's {@code eks.amazonaws.com/role-arn}) and of EKS Pod Identity associations.
 *
 * @param effectiveRoleArn the role the AWS SDKs in the pod will use: IRSA's when both are set (the
 *     default credential chains read the web-identity token before the container credentials)
 * @param problems what could not be read and why (the rest is still answered)
 */
public record WorkloadIdentity(
    String namespace,
    String pod,
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

  /** One EKS Pod Identity association for the pod's ServiceAccount. */
  public record PodIdentity(String associationId, String roleArn) {}
}
