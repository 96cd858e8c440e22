package io.periscope.aws.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Cluster Access page's answer for one EKS cluster.
 *
 * @param authenticationMode {@code API}, {@code API_AND_CONFIG_MAP} or {@code CONFIG_MAP} (empty: unknown)
 * @param migration the header chip: principals mapped only by aws-auth, by both, only by access entries
 * @param principals one row per IAM principal mapped by either
 * @param problems what could not be read (the rest is still answered)
 */
public record ClusterAccessView(String cluster, Optional<String> authenticationMode, Migration migration, List<PrincipalRow> principals,
    AwsAuthState awsAuth, ServiceAccounts serviceAccounts, List<RoleAssociations> podIdentityByRole, List<Finding> findings,
    List<String> problems, Instant readAt) {

  public ClusterAccessView {
    principals = List.copyOf(principals);
    podIdentityByRole = List.copyOf(podIdentityByRole);
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
  }

  public record Migration(int awsAuthOnly, int dual, int entriesOnly) {}

  /** Where a principal is mapped. */
  public enum Mapped { ENTRY_ONLY, AWS_AUTH_ONLY, BOTH }

  /**
   * One IAM principal. {@code username} and {@code groups} are what it signs in as (the access
   * entry's where it has one: in {@code API_AND_CONFIG_MAP} mode EKS prefers the entry).
   *
   * @param agree for {@link Mapped#BOTH}: whether the entry and aws-auth give the same username and groups (empty otherwise)
   * @param differences what differs, in words
   */
  public record PrincipalRow(String principalArn, Mapped mapped, Optional<Boolean> agree, List<String> differences, String username,
      List<String> groups, Optional<EntrySide> entry, Optional<AwsAuth.Mapping> awsAuth, List<AccessEntries.Policy> policies,
      List<String> problems) {
    public PrincipalRow {
      differences = List.copyOf(differences);
      groups = List.copyOf(groups);
      policies = List.copyOf(policies);
      problems = List.copyOf(problems);
    }
  }

  /** The access entry's side of a principal. */
  public record EntrySide(String type, String username, List<String> kubernetesGroups) {
    public EntrySide {
      kubernetesGroups = List.copyOf(kubernetesGroups);
    }
  }

  /** Whether aws-auth could be read as the person. */
  /** {@code UNREADABLE}: the apiserver failed (not a refusal); the page still answers from access entries. */
  public enum AwsAuthRead { READ, ABSENT, FORBIDDEN, UNREADABLE }

  /**
   * @param note why it could not be read (FORBIDDEN: the apiserver's refusal), or what its absence means
   * @param accounts {@code mapAccounts}: every principal of these accounts is mapped (to its ARN)
   * @param warnings malformed parts, each naming the key and line
   */
  public record AwsAuthState(AwsAuthRead read, String note, List<String> accounts, List<String> warnings) {
    public AwsAuthState {
      accounts = List.copyOf(accounts);
      warnings = List.copyOf(warnings);
    }
  }

  /** Where a ServiceAccount's role comes from. */
  public enum RoleSource { IRSA, POD_IDENTITY, BOTH }

  /** A ServiceAccount with an IAM role, and the pods (that the person may list) running as it. */
  public record ServiceAccountRow(String namespace, String name, Optional<String> irsaRoleArn, List<String> podIdentityRoleArns,
      RoleSource source, List<String> pods) {
    public ServiceAccountRow {
      podIdentityRoleArns = List.copyOf(podIdentityRoleArns);
      pods = List.copyOf(pods);
    }
  }

  /**
   * @param listed whether the person may list ServiceAccounts cluster-wide (else: none shown, {@code note} says why)
   * @param podsListed whether the person may list pods cluster-wide (else: pods unknown)
   */
  public record ServiceAccounts(boolean listed, boolean podsListed, String note, List<ServiceAccountRow> rows) {
    public ServiceAccounts {
      rows = List.copyOf(rows);
    }
  }

  /** The Pod Identity view: one role and the ServiceAccounts associated with it. */
  public record RoleAssociations(String roleArn, List<Association> associations) {
    public RoleAssociations {
      associations = List.copyOf(associations);
    }
  }

  /** @param serviceAccountExists false: the ServiceAccount (or its namespace) is missing — an orphan */
  public record Association(String namespace, String serviceAccount, boolean serviceAccountExists) {}

  /** The kinds of finding. */
  public enum FindingType {
    DUAL_SOURCE_CONFLICT, ORPHAN_POD_IDENTITY, STALE_IRSA, BROAD_OIDC_TRUST, DEFAULT_SA_WITH_ROLE, SYSTEM_MASTERS,
    /** An aws-auth mapping to system:masters that EKS does not use now (the principal has an access entry, or the mode is API). */
    INERT_SYSTEM_MASTERS, AWS_AUTH_WILDCARD, AWS_AUTH_DUPLICATE
  }

  /**
   * One finding: what is wrong (one line) and how to fix it. {@code namespace}/{@code serviceAccount}
   * name the ServiceAccount it is about, {@code arn} the principal or role; empty where not applicable.
   */
  public record Finding(FindingType type, String message, String fix, String namespace, String serviceAccount, String arn) {}
}
