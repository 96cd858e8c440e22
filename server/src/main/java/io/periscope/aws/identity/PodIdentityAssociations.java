package io.periscope.aws.identity;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;

/**
 * A cluster's EKS Pod Identity associations, with the server's own identity:
 * {@code ListPodIdentityAssociations} (paged; optionally for one namespace and ServiceAccount)
 * and one {@code DescribePodIdentityAssociation} per association for its role. The whole read is
 * one audited action ({@code aws_identity_read} {@code list_pod_identity}).
 */
public final class PodIdentityAssociations {
  /** One association: pods of {@code namespace} running as {@code serviceAccount} get {@code roleArn}. */
  public record Association(String namespace, String serviceAccount, String associationId, String roleArn) {}

  private final AwsClients aws;
  private final AwsCalls calls;

  public PodIdentityAssociations(AwsClients aws, AwsCalls calls) {
    this.aws = aws;
    this.calls = calls;
  }

  /** Whether the cluster's entry names its EKS cluster and region (Pod Identity exists only there). */
  public static boolean applies(ClusterSpec spec) {
    return spec.eksName().isPresent() && spec.region().isPresent();
  }

  /** Every association of the cluster, or of one namespace's ServiceAccount; none where Pod Identity does not apply. */
  public List<Association> list(ClusterSpec spec, AuditTrail.Action audit, Optional<String> namespace, Optional<String> serviceAccount) {
    if (!applies(spec)) {
      return List.of();
    }
    String eksName = spec.eksName().get();
    EksClient eks = aws.eks(Region.of(spec.region().get()));
    return calls.call(audit, "eks:ListPodIdentityAssociations", () -> {
      List<Association> out = new ArrayList<>();
      for (PodIdentityAssociationSummary s : eks.listPodIdentityAssociationsPaginator(r -> {
        r.clusterName(eksName);
        namespace.ifPresent(r::namespace);
        serviceAccount.ifPresent(r::serviceAccount);
      }).associations()) {
        String role = AwsCalls.unaudited("eks:DescribePodIdentityAssociation", () -> eks.describePodIdentityAssociation(
            r -> r.clusterName(eksName).associationId(s.associationId())).association().roleArn());
        out.add(new Association(s.namespace(), s.serviceAccount(), s.associationId(), role));
      }
      return out;
    });
  }
}
