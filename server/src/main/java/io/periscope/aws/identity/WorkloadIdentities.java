package io.periscope.aws.identity;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;

/**
 * Resolves a pod's AWS identity chain. The pod and its ServiceAccount are read as the person
 * (impersonated: who may not read them is told so); the Pod Identity associations come from EKS
 * with the server's own identity, audited as {@code aws_identity_read} {@code list_pod_identity}.
 */
public final class WorkloadIdentities {
  /** The IRSA annotation on a ServiceAccount. */
  public static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

  private final ClusterRegistry clusters;
  private final ImpersonatingClients clients;
  private final AwsClients aws;
  private final AwsCalls calls;

  public WorkloadIdentities(ClusterRegistry clusters, ImpersonatingClients clients, AwsClients aws, AuditTrail trail) {
    this.clusters = clusters;
    this.clients = clients;
    this.aws = aws;
    this.calls = new AwsCalls(trail);
  }

  public WorkloadIdentity of(String cluster, Principal who, String requestId, String namespace, String podName) {
    ClusterSpec spec = clusters.spec(cluster);
    KubernetesClient client = clients.forUser(cluster, who);
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null) {
      throw Problem.notFound("pod " + namespace + "/" + podName + " not found in cluster '" + cluster + "'");
    }
    String declared = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
    String serviceAccount = declared == null || declared.isBlank() ? "default" : declared;
    List<String> problems = new ArrayList<>();
    Optional<String> irsa = Optional.empty();
    try {
      ServiceAccount sa = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get();
      if (sa == null) {
        problems.add("ServiceAccount " + namespace + "/" + serviceAccount + " does not exist");
      } else if (sa.getMetadata().getAnnotations() != null) {
        irsa = Optional.ofNullable(sa.getMetadata().getAnnotations().get(IRSA_ANNOTATION)).filter(a -> !a.isBlank());
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      problems.add("you may not read ServiceAccount " + namespace + "/" + serviceAccount + " (IRSA role unknown): "
          + AuditTrail.reasonOf(e));
    }
    List<WorkloadIdentity.PodIdentity> associations = podIdentity(spec, who, requestId, namespace, serviceAccount, problems);
    Optional<String> effective = irsa.or(() -> associations.stream().map(WorkloadIdentity.PodIdentity::roleArn).findFirst());
    if (irsa.isPresent() && !associations.isEmpty()) {
      problems.add("both IRSA and Pod Identity are set; AWS SDKs in the pod use the IRSA role");
    }
    return new WorkloadIdentity(namespace, podName, serviceAccount, serviceAccount.equals("default"), irsa, associations,
        effective, problems);
  }

  private List<WorkloadIdentity.PodIdentity> podIdentity(ClusterSpec spec, Principal who, String requestId, String namespace,
      String serviceAccount, List<String> problems) {
    if (spec.backend() != Backend.EKS || spec.eksName().isEmpty() || spec.region().isEmpty()) {
      return List.of();
    }
    String eksName = spec.eksName().get();
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(spec.name(), namespace, "serviceaccounts", serviceAccount), Map.of("op", "list_pod_identity"));
    EksClient eks = aws.eks(Region.of(spec.region().get()));
    try {
      return calls.call(audit, "eks:ListPodIdentityAssociations", () -> {
        List<WorkloadIdentity.PodIdentity> out = new ArrayList<>();
        for (PodIdentityAssociationSummary s : eks.listPodIdentityAssociationsPaginator(r -> r.clusterName(eksName)
            .namespace(namespace).serviceAccount(serviceAccount)).associations()) {
          String role = AwsCalls.unaudited("eks:DescribePodIdentityAssociation", () -> eks.describePodIdentityAssociation(
              r -> r.clusterName(eksName).associationId(s.associationId())).association().roleArn());
          out.add(new WorkloadIdentity.PodIdentity(s.associationId(), role));
        }
        return out;
      });
    } catch (Problem e) {
      if (e.status() >= 500 || e.status() == 403) {
        problems.add("Pod Identity associations unknown: " + e.getMessage());
        return List.of();
      }
      throw e;
    }
  }
}
