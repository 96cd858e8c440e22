package io.periscope.aws.identity;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a workload's AWS identity chain. The workload and its ServiceAccount are read as the
 * person (impersonated: who may not read them is told so, and nothing is asked of AWS); the Pod
 * Identity associations come from EKS with the server's own identity, audited as
 * {@code aws_identity_read} {@code list_pod_identity}. Controllers resolve through their pod template.
 */
public final class WorkloadIdentities {
  /** The IRSA annotation on a ServiceAccount. */
  public static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

  private final ClusterRegistry clusters;
  private final ImpersonatingClients clients;
  private final PodIdentityAssociations podIdentity;

  public WorkloadIdentities(ClusterRegistry clusters, ImpersonatingClients clients, AwsClients aws, AuditTrail trail) {
    this.clusters = clusters;
    this.clients = clients;
    this.podIdentity = new PodIdentityAssociations(aws, new AwsCalls(trail));
  }

  /** @throws Problem 404 when the workload does not exist; the apiserver's 403 when the person may not read it */
  public WorkloadIdentity of(Principal who, String requestId, WorkloadRef ref) {
    ClusterSpec spec = clusters.spec(ref.cluster());
    KubernetesClient client = clients.forUser(ref.cluster(), who);
    List<String> problems = new ArrayList<>();
    String serviceAccount;
    boolean defaulted;
    Optional<String> irsa;
    if (ref.kind() == WorkloadKind.SERVICEACCOUNTS) {
      ServiceAccount sa = client.serviceAccounts().inNamespace(ref.namespace()).withName(ref.name()).get();
      if (sa == null) {
        throw notFound(ref);
      }
      serviceAccount = ref.name();
      defaulted = serviceAccount.equals("default");
      irsa = irsaRole(sa);
    } else {
      PodSpec podSpec = podSpec(client, ref).orElseThrow(() -> notFound(ref));
      String declared = Optional.ofNullable(podSpec.getServiceAccountName()).filter(s -> !s.isBlank())
          .orElse(podSpec.getServiceAccount()); // the deprecated field, still honoured by the apiserver
      serviceAccount = declared == null || declared.isBlank() ? "default" : declared;
      defaulted = serviceAccount.equals("default");
      irsa = readServiceAccountRole(client, ref.namespace(), serviceAccount, problems);
    }
    List<WorkloadIdentity.PodIdentity> associations = associations(spec, who, requestId, ref.namespace(), serviceAccount, problems);
    Optional<String> effective = irsa.or(() -> associations.stream().map(WorkloadIdentity.PodIdentity::roleArn).findFirst());
    if (irsa.isPresent() && !associations.isEmpty()) {
      problems.add("both IRSA and Pod Identity are set; AWS SDKs in the pod use the IRSA role");
    }
    return new WorkloadIdentity(ref.kind().plural(), ref.namespace(), ref.name(), serviceAccount, defaulted, irsa, associations,
        effective, problems);
  }

  /** The pod spec the workload's pods run with: the pod's own, or the controller's template. */
  private static Optional<PodSpec> podSpec(KubernetesClient client, WorkloadRef ref) {
    String ns = ref.namespace();
    String name = ref.name();
    return switch (ref.kind()) {
      case PODS -> Optional.ofNullable(client.pods().inNamespace(ns).withName(name).get()).map(p -> Optional.ofNullable(p.getSpec()).orElseGet(PodSpec::new));
      case DEPLOYMENTS -> template(client.apps().deployments().inNamespace(ns).withName(name).get(),
          d -> Optional.ofNullable(d.getSpec()).map(DeploymentSpec::getTemplate));
      case STATEFULSETS -> template(client.apps().statefulSets().inNamespace(ns).withName(name).get(),
          s -> Optional.ofNullable(s.getSpec()).map(StatefulSetSpec::getTemplate));
      case DAEMONSETS -> template(client.apps().daemonSets().inNamespace(ns).withName(name).get(),
          d -> Optional.ofNullable(d.getSpec()).map(DaemonSetSpec::getTemplate));
      case JOBS -> template(client.batch().v1().jobs().inNamespace(ns).withName(name).get(),
          j -> Optional.ofNullable(j.getSpec()).map(JobSpec::getTemplate));
      case CRONJOBS -> template(client.batch().v1().cronjobs().inNamespace(ns).withName(name).get(),
          c -> Optional.ofNullable(c.getSpec()).map(CronJobSpec::getJobTemplate).map(JobTemplateSpec::getSpec).map(JobSpec::getTemplate));
      case SERVICEACCOUNTS -> throw new IllegalArgumentException("a ServiceAccount has no pod spec");
    };
  }

  /** The template's pod spec; a spec without one names no ServiceAccount, i.e. the default one. */
  private static <T> Optional<PodSpec> template(T object, Function<T, Optional<PodTemplateSpec>> template) {
    return object == null ? Optional.empty() : Optional.of(template.apply(object).map(PodTemplateSpec::getSpec).orElseGet(PodSpec::new));
  }

  private static Optional<String> readServiceAccountRole(KubernetesClient client, String namespace, String serviceAccount,
      List<String> problems) {
    try {
      ServiceAccount sa = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).get();
      if (sa == null) {
        problems.add("ServiceAccount " + namespace + "/" + serviceAccount + " does not exist");
        return Optional.empty();
      }
      return irsaRole(sa);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      problems.add("you may not read ServiceAccount " + namespace + "/" + serviceAccount + " (IRSA role unknown): "
          + AuditTrail.reasonOf(e));
      return Optional.empty();
    }
  }

  /** The role of the ServiceAccount's IRSA annotation, if it has one. */
  public static Optional<String> irsaRole(ServiceAccount sa) {
    Map<String, String> annotations = sa.getMetadata() == null ? null : sa.getMetadata().getAnnotations();
    return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(IRSA_ANNOTATION)).map(String::trim).filter(a -> !a.isEmpty());
  }

  private List<WorkloadIdentity.PodIdentity> associations(ClusterSpec spec, Principal who, String requestId, String namespace,
      String serviceAccount, List<String> problems) {
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IDENTITY_READ,
        new AuditEvent.Target(spec.name(), namespace, "serviceaccounts", serviceAccount), Map.of("op", "list_pod_identity"));
    try {
      return podIdentity.list(spec, audit, Optional.of(namespace), Optional.of(serviceAccount)).stream()
          .map(a -> new WorkloadIdentity.PodIdentity(a.associationId(), a.roleArn())).toList();
    } catch (Problem e) {
      if (e.status() >= 500 || e.status() == 403) {
        problems.add("Pod Identity associations unknown: " + e.getMessage());
        return List.of();
      }
      throw e;
    }
  }

  private static Problem notFound(WorkloadRef ref) {
    return Problem.notFound(ref + " not found in cluster '" + ref.cluster() + "'");
  }
}
