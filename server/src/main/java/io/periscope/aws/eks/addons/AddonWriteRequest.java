package io.periscope.aws.eks.addons;

import io.periscope.aws.RoleArns;
import io.periscope.names.KubernetesNames;
import io.periscope.problem.Problem;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a person decided for one add-on write (the JSON body of install, update, delete and their
 * preview). Checked by {@link #checked} before anything is asked of AWS: malformed input is a 400
 * that changes nothing.
 *
 * @param addonName the add-on (install only; the other writes name it in the path)
 * @param resolveConflicts {@code OVERWRITE}, {@code PRESERVE} or {@code NONE}, chosen explicitly for install and update
 * @param configurationValues JSON or YAML checked against the version's schema; null or blank leaves them as they are
 * @param serviceAccountRoleArn the IAM role for the add-on's ServiceAccount (IRSA)
 * @param podIdentityAssociations IAM roles by ServiceAccount through EKS Pod Identity (instead of IRSA)
 * @param preserve delete only, chosen explicitly: keep the add-on's Kubernetes resources on the cluster
 */
public record AddonWriteRequest(String addonName, String addonVersion, String resolveConflicts, String configurationValues,
    String serviceAccountRoleArn, List<PodIdentityRole> podIdentityAssociations, Boolean preserve) {

  /** One requested Pod Identity association of the add-on. */
  public record PodIdentityRole(String serviceAccount, String roleArn) {}

  /** The three writes. */
  public enum Op {
    INSTALL, UPDATE, DELETE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Op parse(String value) {
      for (Op op : values()) {
        if (op.wireName().equals(value)) {
          return op;
        }
      }
      throw Problem.badRequest("op must be install, update or delete, got '" + value + "'");
    }
  }

  static final List<String> RESOLVE_CONFLICTS = List.of("OVERWRITE", "PRESERVE", "NONE");
  private static final Pattern ADDON_NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,99}$");
  private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$");

  public AddonWriteRequest {
    podIdentityAssociations = podIdentityAssociations == null ? List.of() : List.copyOf(podIdentityAssociations);
  }

  /** Whether new configuration values were given (blank leaves the current ones). */
  public boolean changesConfiguration() {
    return configurationValues != null && !configurationValues.isBlank();
  }

  /** @throws Problem 400 naming the first field that is missing, malformed or does not belong to {@code op} */
  public static void checkName(String addonName) {
    if (addonName == null || !ADDON_NAME.matcher(addonName).matches()) {
      throw Problem.badRequest("addonName must be an EKS add-on name (lower-case letters, digits, '-', '_' and '.', e.g. vpc-cni or datadog_operator), got '"
          + addonName + "'");
    }
  }

  /** This request checked for {@code op} on {@code addonName}. @throws Problem 400 */
  public AddonWriteRequest checked(Op op, String name) {
    checkName(name);
    if (op == Op.DELETE) {
      if (preserve == null) {
        throw Problem.badRequest("preserve is required for delete: true keeps the add-on's Kubernetes resources on the cluster,"
            + " false removes them");
      }
      if (addonVersion != null || resolveConflicts != null || configurationValues != null || serviceAccountRoleArn != null
          || !podIdentityAssociations.isEmpty()) {
        throw Problem.badRequest("delete takes only preserve");
      }
      return this;
    }
    if (preserve != null) {
      throw Problem.badRequest("preserve belongs to delete only");
    }
    if (addonVersion == null || !VERSION.matcher(addonVersion).matches()) {
      throw Problem.badRequest("addonVersion is required and must be a published version (e.g. v1.19.0-eksbuild.1), got '" + addonVersion + "'");
    }
    if (resolveConflicts == null || !RESOLVE_CONFLICTS.contains(resolveConflicts)) {
      throw Problem.badRequest("resolveConflicts must be chosen explicitly: OVERWRITE, PRESERVE or NONE, got '" + resolveConflicts + "'");
    }
    if (op == Op.INSTALL && resolveConflicts.equals("PRESERVE")) {
      throw Problem.badRequest("resolveConflicts PRESERVE is not supported when installing an add-on (EKS CreateAddon); choose OVERWRITE or NONE");
    }
    if (serviceAccountRoleArn != null && !serviceAccountRoleArn.isEmpty() && !RoleArns.valid(serviceAccountRoleArn)) {
      throw Problem.badRequest("serviceAccountRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '"
          + serviceAccountRoleArn + "'");
    }
    for (PodIdentityRole p : podIdentityAssociations) {
      if (p == null || p.serviceAccount() == null || !KubernetesNames.isDnsSubdomain(p.serviceAccount())) {
        throw Problem.badRequest("every podIdentityAssociations entry needs a serviceAccount name");
      }
      if (!RoleArns.valid(p.roleArn())) {
        throw Problem.badRequest("podIdentityAssociations: the role of " + p.serviceAccount() + " must be an IAM role ARN, got '"
            + p.roleArn() + "'");
      }
    }
    if (serviceAccountRoleArn != null && !serviceAccountRoleArn.isEmpty() && !podIdentityAssociations.isEmpty()) {
      throw Problem.badRequest("choose one way to give the add-on an IAM role: serviceAccountRoleArn (IRSA) or podIdentityAssociations");
    }
    return this;
  }
}
