package io.periscope.aws.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.access.ClusterAccessView.Finding;
import io.periscope.aws.access.ClusterAccessView.FindingType;
import io.periscope.aws.access.ClusterAccessView.RoleSource;
import io.periscope.aws.access.ClusterAccessView.ServiceAccountRow;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.identity.ServiceAccountRoleIndex.Binding;
import io.periscope.aws.identity.ServiceAccountRoleIndex.Source;
import io.periscope.testkit.TestEpoch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every finding: one case that produces it and one that does not. */
class AccessFindingsTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/";
  private static final String ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/5E1D7A3B9C0F4E2D8A6B1C3E5F7A9B0D";

  private static ServiceAccountRow sa(String ns, String name, String irsa, List<String> podIdentity, List<String> pods) {
    RoleSource source = irsa != null && !podIdentity.isEmpty() ? RoleSource.BOTH : irsa != null ? RoleSource.IRSA : RoleSource.POD_IDENTITY;
    return new ServiceAccountRow(ns, name, Optional.ofNullable(irsa), podIdentity, source, pods);
  }

  private static RolePolicySet role(String name, RolePolicySet.Existence existence, String trust) {
    return new RolePolicySet(ROLE + name, existence, List.of(), List.of(), TestEpoch.instant(), trust);
  }

  private static String trust(String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/"
        + ISSUER + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}]}";
  }

  private static final String PINNED = trust("{\"StringEquals\":{\"" + ISSUER + ":sub\":\"system:serviceaccount:shop:web\",\"" + ISSUER
      + ":aud\":\"sts.amazonaws.com\"}}");

  private static List<Finding> serviceAccountFindings(List<ServiceAccountRow> rows, Map<String, RolePolicySet> roles) {
    return AccessFindings.of(rows, Optional.empty(), List.of(), roles, AwsAuth.empty(), List.of(), Optional.empty());
  }

  private static List<FindingType> types(List<Finding> findings) {
    return findings.stream().map(Finding::type).toList();
  }

  @Test
  void dualSourceToDifferentRolesButNotToTheSameRole() {
    var f = serviceAccountFindings(List.of(sa("shop", "cart", ROLE + "cart", List.of(ROLE + "cart-pi"), List.of())), Map.of());
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.type()).isEqualTo(FindingType.DUAL_SOURCE_CONFLICT);
      assertThat(x.message()).contains("shop/cart").contains(ROLE + "cart-pi").contains("use the IRSA role");
      assertThat(x.fix()).isNotBlank();
    });
    assertThat(serviceAccountFindings(List.of(sa("shop", "cart", ROLE + "cart", List.of(ROLE + "cart"), List.of())), Map.of())).isEmpty();
  }

  @Test
  void staleIrsaOnlyWhenIamSaysTheRoleIsGone() {
    var gone = serviceAccountFindings(List.of(sa("shop", "web", ROLE + "web", List.of(), List.of())),
        Map.of(ROLE + "web", role("web", RolePolicySet.Existence.NOT_FOUND, "")));
    assertThat(types(gone)).containsExactly(FindingType.STALE_IRSA);
    for (var existence : List.of(RolePolicySet.Existence.EXISTS, RolePolicySet.Existence.UNVERIFIED)) {
      assertThat(serviceAccountFindings(List.of(sa("shop", "web", ROLE + "web", List.of(), List.of())),
          Map.of(ROLE + "web", role("web", existence, PINNED)))).as(existence.name()).isEmpty();
    }
  }

  @Test
  void broadOidcTrustWithoutSubOrWithASubPatternButNotWhenSubIsPinned() {
    String noSub = trust("{\"StringEquals\":{\"" + ISSUER + ":aud\":\"sts.amazonaws.com\"}}");
    String pattern = trust("{\"StringLike\":{\"" + ISSUER + ":sub\":\"system:serviceaccount:shop:*\"}}");
    String none = trust("");
    for (String broad : List.of(noSub, pattern, none)) {
      var f = serviceAccountFindings(List.of(sa("shop", "web", ROLE + "web", List.of(), List.of())),
          Map.of(ROLE + "web", role("web", RolePolicySet.Existence.EXISTS, broad)));
      assertThat(types(f)).as(broad).containsExactly(FindingType.BROAD_OIDC_TRUST);
      assertThat(f.getFirst().fix()).isEqualTo("in the role's trust policy, require StringEquals " + ISSUER + ":sub = system:serviceaccount:shop:web");
    }
    assertThat(OidcTrust.broad(pattern).orElseThrow().why()).contains("system:serviceaccount:shop:*");
    assertThat(OidcTrust.broad(noSub).orElseThrow().why()).contains("no " + ISSUER + ":sub condition");
    String likeExact = trust("{\"StringLike\":{\"" + ISSUER + ":sub\":\"system:serviceaccount:shop:web\"}}");
    String podIdentity = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
    for (String narrow : List.of(PINNED, likeExact, podIdentity, "", "not json")) {
      assertThat(serviceAccountFindings(List.of(sa("shop", "web", ROLE + "web", List.of(), List.of())),
          Map.of(ROLE + "web", role("web", RolePolicySet.Existence.EXISTS, narrow)))).as(narrow).isEmpty();
    }
  }

  @Test
  void podsOnTheDefaultServiceAccountWithARoleButNotWithoutPodsOrOnAnotherAccount() {
    var f = serviceAccountFindings(List.of(sa("platform", "default", null, List.of(ROLE + "platform"), List.of("nightly-0"))), Map.of());
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.type()).isEqualTo(FindingType.DEFAULT_SA_WITH_ROLE);
      assertThat(x.message()).startsWith("1 pod in platform run as the default ServiceAccount").contains(ROLE + "platform");
    });
    assertThat(serviceAccountFindings(List.of(sa("platform", "default", ROLE + "platform", List.of(), List.of())), Map.of())).isEmpty();
    assertThat(serviceAccountFindings(List.of(sa("platform", "bot", ROLE + "bot", List.of(), List.of("bot-0"))), Map.of())).isEmpty();
  }

  @Test
  void orphanPodIdentityWhenTheServiceAccountOrNamespaceIsMissingAndOnlyWhenKnown() {
    var associations = List.of(new Binding("pay", "ghost", ROLE + "ghost", Source.POD_IDENTITY),
        new Binding("gone", "worker", ROLE + "worker", Source.POD_IDENTITY), new Binding("pay", "api", ROLE + "api", Source.POD_IDENTITY));
    var f = AccessFindings.of(List.of(), Optional.of(Set.of("pay/default", "pay/api")), associations, Map.of(), AwsAuth.empty(), List.of(), Optional.empty());
    assertThat(f).extracting(Finding::type).containsOnly(FindingType.ORPHAN_POD_IDENTITY);
    assertThat(f).extracting(Finding::message).containsExactly(
        "Pod Identity association for pay/ghost (role " + ROLE + "ghost): the ServiceAccount does not exist",
        "Pod Identity association for gone/worker (role " + ROLE + "worker): namespace gone does not exist");
    assertThat(AccessFindings.of(List.of(), Optional.empty(), associations, Map.of(), AwsAuth.empty(), List.of(), Optional.empty()))
        .as("ServiceAccounts not listable: existence unknown, no finding").isEmpty();
  }

  @Test
  void systemMastersFromAwsAuthOrAnEntryButNotOtherwise() {
    AwsAuth auth = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/admins
          username: admin:{{SessionName}}
          groups: [system:masters]
        - rolearn: arn:aws:iam::111122223333:role/viewers
          username: viewer
          groups: [view]
        """));
    var entries = List.of(new AccessEntries.Entry(ROLE + "break-glass", "STANDARD", "bg", List.of("system:masters"), List.of(), List.of()),
        new AccessEntries.Entry(ROLE + "ci", "STANDARD", "ci", List.of("deployers"), List.of(), List.of()));
    var principals = ClusterAccess.reconcile(entries, auth.mappings());
    var f = AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), auth, principals, Optional.of("API_AND_CONFIG_MAP"));
    assertThat(f).extracting(Finding::type).containsOnly(FindingType.SYSTEM_MASTERS);
    assertThat(f).extracting(Finding::arn).containsExactlyInAnyOrder(ROLE + "admins", ROLE + "break-glass");
    assertThat(f).extracting(Finding::message).anyMatch(m -> m.contains("aws-auth (mapRoles line 1)"))
        .anyMatch(m -> m.contains("by its access entry"));
  }

  @Test
  void aSystemMastersMappingEksDoesNotUseIsSaidAsInertNotAsClusterAdmin() {
    AwsAuth auth = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/platform-admins
          username: admin
          groups: [system:masters]
        """));
    var both = ClusterAccess.reconcile(List.of(new AccessEntries.Entry(ROLE + "platform-admins", "STANDARD", "admin", List.of(), List.of(
        new AccessEntries.Policy("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "cluster", List.of())), List.of())),
        auth.mappings());
    var f = AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), auth, both, Optional.of("API_AND_CONFIG_MAP"));
    assertThat(f).extracting(Finding::type).containsExactly(FindingType.INERT_SYSTEM_MASTERS);
    assertThat(f.getFirst().message()).contains("EKS uses its access entry instead").contains("if the access entry is deleted");
    assertThat(f.getFirst().fix()).isEqualTo("remove the mapping from aws-auth");

    var awsAuthOnly = ClusterAccess.reconcile(List.of(), auth.mappings());
    assertThat(AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), auth, awsAuthOnly, Optional.of("API")))
        .extracting(Finding::type).as("API mode reads no aws-auth").containsExactly(FindingType.INERT_SYSTEM_MASTERS);
    assertThat(AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), auth, awsAuthOnly, Optional.empty()))
        .extracting(Finding::type).as("mode unknown: taken as in force").containsExactly(FindingType.SYSTEM_MASTERS);

    AwsAuth withPath = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/admins/platform-admins
          username: admin
          groups: [system:masters]
        """));
    var neverMatching = AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), withPath,
        ClusterAccess.reconcile(List.of(), withPath.mappings()), Optional.of("API_AND_CONFIG_MAP"));
    assertThat(neverMatching).extracting(Finding::type).as("a mapping no caller matches grants nothing now").contains(FindingType.INERT_SYSTEM_MASTERS)
        .doesNotContain(FindingType.SYSTEM_MASTERS);
    assertThat(neverMatching).filteredOn(x -> x.type() == FindingType.INERT_SYSTEM_MASTERS).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("written with its path").contains("if someone corrects the ARN"));
  }

  @Test
  void anAwsAuthOnlyRowThatNeverMatchesSaysSo() {
    AwsAuth auth = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/teams/data-engineers
          username: data
          groups: [data]
        - rolearn: arn:aws:iam::111122223333:role/contractor-*
          username: contractor
          groups: [view]
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops
          groups: [ops]
        """));
    var rows = ClusterAccess.reconcile(List.of(), auth.mappings());
    assertThat(rows).extracting(r -> r.principalArn().substring(r.principalArn().lastIndexOf('/') + 1) + " " + r.problems())
        .containsExactly(
            "contractor-* [never matches: aws-iam-authenticator compares ARNs literally, and this one has a wildcard]",
            "data-engineers [never matches: the role ARN is written with its path, which the authenticator does not see in a caller's ARN]",
            "ops []");
  }

  @Test
  void awsAuthWildcardsAndDuplicatesButNotDistinctExplicitEntries() {
    AwsAuth bad = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/dev-*
          username: dev
          groups: [devs]
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops
          groups: [ops]
        - rolearn: arn:aws:iam::111122223333:role/OPS
          username: ops2
          groups: [ops]
        """, "mapAccounts", "- \"*\"\n"));
    var f = AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), bad, List.of(), Optional.empty());
    assertThat(f).extracting(Finding::type).containsExactly(FindingType.AWS_AUTH_WILDCARD, FindingType.AWS_AUTH_DUPLICATE, FindingType.AWS_AUTH_WILDCARD);
    assertThat(f.get(1).message()).contains("mapRoles line 4 and mapRoles line 7").contains("only the later one takes effect");

    // A later entry written with a path never matches: the earlier one is the one that counts.
    AwsAuth pathLater = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops
          groups: [ops]
        - rolearn: arn:aws:iam::111122223333:role/team/ops
          username: ops2
          groups: [ops]
        """));
    var withPath = AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), pathLater, List.of(), Optional.empty());
    assertThat(withPath).extracting(Finding::type).containsExactly(FindingType.AWS_AUTH_DUPLICATE);
    assertThat(withPath.getFirst().message()).contains("the later one is written with a path and never matches, so mapRoles line 1 takes effect");

    AwsAuth good = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/dev
          username: dev
          groups: [devs]
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops
          groups: [ops]
        """, "mapAccounts", "- \"111122223333\"\n"));
    assertThat(AccessFindings.of(List.of(), Optional.empty(), List.of(), Map.of(), good, ClusterAccess.reconcile(List.of(), good.mappings()), Optional.empty())).isEmpty();
  }

  @Test
  void reconciliationSaysWhereEachPrincipalIsMappedAndWhetherBothAgree() {
    AwsAuth auth = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/nodes
          username: system:node:{{EC2PrivateDNSName}}
          groups: [system:bootstrappers, system:nodes]
        - rolearn: arn:aws:iam::111122223333:role/team/devs
          username: dev
          groups: [devs]
        - rolearn: arn:aws:iam::111122223333:role/legacy
          username: legacy
          groups: [view]
        """));
    var entries = List.of(
        new AccessEntries.Entry(ROLE + "nodes", "EC2_LINUX", "system:node:{{EC2PrivateDNSName}}", List.of(), List.of(), List.of()),
        new AccessEntries.Entry(ROLE + "devs", "STANDARD", "dev", List.of("devs", "deployers"), List.of(), List.of()),
        new AccessEntries.Entry(ROLE + "new", "STANDARD", "new", List.of(), List.of(new AccessEntries.Policy(
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "namespace", List.of("shop"))), List.of()));
    var rows = ClusterAccess.reconcile(entries, auth.mappings());
    assertThat(rows).extracting(r -> r.principalArn() + " " + r.mapped() + " " + r.agree().map(String::valueOf).orElse("-"))
        .containsExactly(ROLE + "devs BOTH false", ROLE + "legacy AWS_AUTH_ONLY -", ROLE + "new ENTRY_ONLY -", ROLE + "nodes BOTH true");
    assertThat(rows.getFirst().differences()).containsExactly("groups: entry [devs, deployers], aws-auth [devs]");
  }

  /** The demo's platform-admins: an entry with no Kubernetes group (its access policy gives the rights) and system:masters in aws-auth. */
  @Test
  void anEntryWithoutGroupsSaysNoneRatherThanAnEmptyList() {
    AwsAuth auth = AwsAuth.parse(Map.of("mapRoles", """
        - rolearn: arn:aws:iam::111122223333:role/admins
          username: admin
          groups: [system:masters]
        """));
    var entries = List.of(new AccessEntries.Entry(ROLE + "admins", "STANDARD", "admin", List.of(), List.of(), List.of()));
    assertThat(ClusterAccess.reconcile(entries, auth.mappings()).getFirst().differences())
        .containsExactly("groups: entry (none), aws-auth [system:masters]");
  }
}
