package io.periscope.aws.access;

import io.periscope.aws.access.ClusterAccessView.Finding;
import io.periscope.aws.access.ClusterAccessView.FindingType;
import io.periscope.aws.access.ClusterAccessView.PrincipalRow;
import io.periscope.aws.access.ClusterAccessView.ServiceAccountRow;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.identity.ServiceAccountRoleIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The Cluster Access findings, from what the page read: each with a one-line explanation and its fix. */
final class AccessFindings {
  static final String MASTERS = "system:masters";

  private AccessFindings() {}

  /**
   * @param serviceAccounts the ServiceAccounts with a role that the person may see
   * @param existing every ServiceAccount of the cluster as {@code namespace/name}; empty when they could not be listed
   * @param podIdentity the cluster's Pod Identity associations
   * @param irsaRoles the IRSA roles as read from IAM (existence, trust policy)
   * @param authenticationMode the cluster's ({@code API}, {@code API_AND_CONFIG_MAP}, {@code CONFIG_MAP}); empty when unknown
   */
  static List<Finding> of(List<ServiceAccountRow> serviceAccounts, Optional<Set<String>> existing,
      List<ServiceAccountRoleIndex.Binding> podIdentity, Map<String, RolePolicySet> irsaRoles, AwsAuth awsAuth, List<PrincipalRow> principals,
      Optional<String> authenticationMode) {
    List<Finding> out = new ArrayList<>();
    for (ServiceAccountRow sa : serviceAccounts) {
      String who = sa.namespace() + "/" + sa.name();
      if (sa.irsaRoleArn().isPresent()) {
        String irsa = sa.irsaRoleArn().get();
        List<String> other = sa.podIdentityRoleArns().stream().filter(r -> !r.equals(irsa)).toList();
        if (!other.isEmpty()) {
          out.add(new Finding(FindingType.DUAL_SOURCE_CONFLICT,
              "ServiceAccount " + who + " is bound by IRSA to " + irsa + " and by Pod Identity to " + String.join(", ", other)
                  + "; the AWS SDKs in its pods use the IRSA role",
              "keep one: remove the eks.amazonaws.com/role-arn annotation or delete the Pod Identity association", sa.namespace(), sa.name(), irsa));
        }
        RolePolicySet role = irsaRoles.get(irsa);
        if (role != null && role.existence() == RolePolicySet.Existence.NOT_FOUND) {
          out.add(new Finding(FindingType.STALE_IRSA, "ServiceAccount " + who + " names IAM role " + irsa + ", which does not exist (deleted or renamed)",
              "point the eks.amazonaws.com/role-arn annotation at an existing role, or remove it", sa.namespace(), sa.name(), irsa));
        }
        Optional<OidcTrust.Broad> broad = role == null ? Optional.empty() : OidcTrust.broad(role.trustPolicy());
        broad.ifPresent(b -> out.add(new Finding(FindingType.BROAD_OIDC_TRUST, "IAM role " + irsa + " (IRSA of " + who + "): " + b.why(),
            "in the role's trust policy, require StringEquals " + b.provider() + ":sub = system:serviceaccount:" + sa.namespace() + ":" + sa.name(),
            sa.namespace(), sa.name(), irsa)));
      }
      if (sa.name().equals("default") && !sa.pods().isEmpty()) {
        String role = sa.irsaRoleArn().orElseGet(() -> sa.podIdentityRoleArns().getFirst());
        out.add(new Finding(FindingType.DEFAULT_SA_WITH_ROLE, sa.pods().size() + " pod" + (sa.pods().size() == 1 ? "" : "s") + " in " + sa.namespace()
            + " run as the default ServiceAccount, which has IAM role " + role + ": every pod that names no ServiceAccount gets it",
            "give the workloads that need the role their own ServiceAccount and take the role off " + who, sa.namespace(), sa.name(), role));
      }
    }
    existing.ifPresent(accounts -> {
      for (ServiceAccountRoleIndex.Binding b : podIdentity) {
        String who = b.namespace() + "/" + b.serviceAccount();
        if (accounts.contains(who)) {
          continue;
        }
        boolean namespaceExists = accounts.stream().anyMatch(a -> a.startsWith(b.namespace() + "/"));
        out.add(new Finding(FindingType.ORPHAN_POD_IDENTITY, "Pod Identity association for " + who + " (role " + b.roleArn() + "): "
            + (namespaceExists ? "the ServiceAccount does not exist" : "namespace " + b.namespace() + " does not exist"),
            "delete the association, or create the ServiceAccount it was meant for", b.namespace(), b.serviceAccount(), b.roleArn()));
      }
    });
    for (PrincipalRow p : principals) {
      boolean byEntry = p.entry().filter(e -> e.kubernetesGroups().contains(MASTERS)).isPresent();
      Optional<AwsAuth.Mapping> byAwsAuth = p.awsAuth().filter(m -> m.groups().contains(MASTERS));
      // EKS reads aws-auth only in CONFIG_MAP and API_AND_CONFIG_MAP modes, and prefers a principal's access entry to it.
      boolean awsAuthInForce = byAwsAuth.isPresent() && p.entry().isEmpty() && !"API".equals(authenticationMode.orElse(""))
          && byAwsAuth.get().neverMatches().isEmpty();
      List<String> via = new ArrayList<>();
      if (byEntry) {
        via.add("its access entry");
      }
      if (awsAuthInForce) {
        via.add("aws-auth (" + byAwsAuth.get().where() + ")");
      }
      if (!via.isEmpty()) {
        out.add(new Finding(FindingType.SYSTEM_MASTERS, p.principalArn() + " is mapped to system:masters by " + String.join(" and ", via)
            + ": unrestricted cluster-admin that RBAC cannot take away",
            "map it to a narrower group, or use an access entry with AmazonEKSClusterAdminPolicy (revocable) instead", "", "", p.principalArn()));
      } else if (byAwsAuth.isPresent()) {
        out.add(inertMasters(p, byAwsAuth.get()));
      }
    }
    Map<String, AwsAuth.Mapping> first = new LinkedHashMap<>();
    for (AwsAuth.Mapping m : awsAuth.mappings()) {
      if (m.arn().contains("*") || m.arn().contains("?")) {
        out.add(new Finding(FindingType.AWS_AUTH_WILDCARD, "aws-auth " + m.where() + " maps " + m.arn() + ", an ARN with a wildcard",
            "aws-iam-authenticator compares ARNs literally: list each role or user explicitly", "", "", m.arn()));
      }
      AwsAuth.Mapping earlier = first.putIfAbsent(AwsAuth.matchKey(m.principalArn()), m);
      if (earlier != null) {
        out.add(new Finding(FindingType.AWS_AUTH_DUPLICATE, "aws-auth maps " + m.principalArn() + " twice (" + earlier.where() + " and "
            + m.where() + "); " + whichCounts(earlier, m), "remove one of the two entries", "", "", m.principalArn()));
      }
    }
    awsAuth.accounts().stream().filter(a -> a.contains("*")).forEach(a -> out.add(new Finding(FindingType.AWS_AUTH_WILDCARD,
        "aws-auth mapAccounts lists " + a + ", a wildcard account", "list account IDs explicitly (or better, map roles)", "", "", a)));
    return out;
  }

  /** An aws-auth system:masters mapping EKS does not use now: why not, and what would put it back in force. */
  private static Finding inertMasters(PrincipalRow p, AwsAuth.Mapping m) {
    Optional<String> neverMatches = m.neverMatches();
    String why;
    String until;
    if (p.entry().isPresent()) {
      why = "EKS uses its access entry instead";
      until = "it comes back into force if the access entry is deleted";
    } else if (neverMatches.isPresent()) {
      why = "it " + neverMatches.get();
      until = "it comes into force if someone corrects the ARN";
    } else {
      why = "the cluster's authentication mode is API, which reads no aws-auth";
      until = "it comes back into force if the mode goes back to a ConfigMap one";
    }
    return new Finding(FindingType.INERT_SYSTEM_MASTERS, "aws-auth (" + m.where() + ") maps " + p.principalArn()
        + " to system:masters, which does not apply now (" + why + "); " + until, "remove the mapping from aws-auth", "", "", p.principalArn());
  }

  /** A rolearn written with a path never matches (its own warning says so), so it cannot be the one that counts. */
  private static String whichCounts(AwsAuth.Mapping earlier, AwsAuth.Mapping later) {
    boolean earlierPath = hasPath(earlier);
    boolean laterPath = hasPath(later);
    if (earlierPath && laterPath) {
      return "neither takes effect: both are written with a path";
    }
    if (laterPath) {
      return "the later one is written with a path and never matches, so " + earlier.where() + " takes effect";
    }
    if (earlierPath) {
      return "the earlier one is written with a path and never matches, so " + later.where() + " takes effect";
    }
    return "only the later one takes effect";
  }

  private static boolean hasPath(AwsAuth.Mapping m) {
    return !m.arn().equalsIgnoreCase(m.principalArn());
  }
}
