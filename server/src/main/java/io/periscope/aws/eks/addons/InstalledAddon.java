package io.periscope.aws.eks.addons;

import java.time.Instant;
import java.util.List;

/**
 * An add-on installed on the cluster, as {@code DescribeAddon} answers, with its freshness.
 *
 * @param status {@code CREATING}, {@code ACTIVE}, {@code CREATE_FAILED}, {@code UPDATING}, {@code DELETING},
 *     {@code DELETE_FAILED}, {@code DEGRADED} or {@code UPDATE_FAILED}
 * @param configurationValues the custom configuration (JSON or YAML), null when it has none
 * @param podIdentityAssociations ARNs of the Pod Identity associations EKS manages for it
 * @param freshness null when the published versions could not be read (see {@code problems} of the list)
 */
public record InstalledAddon(String name, String version, String status, List<HealthIssue> health, String configurationValues,
    String serviceAccountRoleArn, List<String> podIdentityAssociations, String publisher, String owner, Instant createdAt,
    Instant modifiedAt, AddonFreshness freshness) {

  /** One {@code health.issues} entry, e.g. {@code InsufficientNumberOfReplicas}. */
  public record HealthIssue(String code, String message, List<String> resourceIds) {}

  /** Whether the status is one AWS is still working towards. */
  public static boolean inProgress(String status) {
    return List.of("CREATING", "UPDATING", "DELETING").contains(status);
  }

  InstalledAddon withFreshness(AddonFreshness f) {
    return new InstalledAddon(name, version, status, health, configurationValues, serviceAccountRoleArn, podIdentityAssociations,
        publisher, owner, createdAt, modifiedAt, f);
  }
}
