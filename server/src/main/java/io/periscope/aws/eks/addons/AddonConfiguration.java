package io.periscope.aws.eks.addons;

import java.util.List;

/**
 * What {@code DescribeAddonConfiguration} says about configuring one add-on version.
 *
 * @param schema the JSON schema {@code configurationValues} must satisfy; null when the version publishes none
 * @param podIdentity the ServiceAccounts that may take a Pod Identity association, with the managed policies AWS recommends
 */
public record AddonConfiguration(String addonName, String addonVersion, String schema, List<PodIdentitySlot> podIdentity) {
  /** A ServiceAccount of the add-on that may be given an IAM role through Pod Identity. */
  public record PodIdentitySlot(String serviceAccount, List<String> recommendedManagedPolicies) {}
}
