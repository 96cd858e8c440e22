package io.periscope.demo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.demo.aws.DemoAccount;
import io.periscope.demo.cluster.DemoEstate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fake AWS account and the clusters' ServiceAccounts tell one story: every reference resolves,
 * except the antipatterns that are meant to dangle (and only those).
 */
class DemoFleetDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DemoAccount account = DemoAccount.load();
  private final List<DemoEstate> estates = List.of(DemoEstate.production(), DemoEstate.staging(), DemoEstate.edge());

  @Test
  void everyIrsaAnnotationNamesARoleOfTheAccountButTheStaleOne() {
    List<String> missing = new ArrayList<>();
    estates.forEach(e -> e.irsa().forEach((sa, arn) -> {
      assertThat(arn).startsWith("arn:aws:iam::" + account.accountId() + ":role/");
      if (account.role(arn.substring(arn.lastIndexOf('/') + 1)).isEmpty()) {
        missing.add(e.name() + " " + sa);
      }
    }));
    assertThat(missing).containsExactly("prod-us-east-1 checkout/checkout-web");
  }

  @Test
  void everyPodIdentityAssociationHasItsRoleAndItsServiceAccountButTheOrphan() {
    List<String> orphans = new ArrayList<>();
    for (DemoAccount.Cluster c : account.clusters()) {
      DemoEstate estate = estates.stream().filter(e -> e.name().equals(c.name())).findFirst().orElseThrow();
      Set<String> serviceAccounts = new HashSet<>();
      estate.apps().stream().filter(a -> a.serviceAccount() != null).forEach(a -> serviceAccounts.add(a.namespace() + "/" + a.serviceAccount()));
      estate.namespaces().forEach(ns -> serviceAccounts.add(ns + "/default"));
      for (DemoAccount.PodIdentityAssociation a : c.podIdentityAssociations()) {
        assertThat(account.role(a.role())).as(a.id()).isPresent();
        assertThat(a.id()).matches("a-[a-z0-9]{17}");
        if (!serviceAccounts.contains(a.namespace() + "/" + a.serviceAccount())) {
          orphans.add(c.name() + " " + a.namespace() + "/" + a.serviceAccount());
        }
      }
    }
    assertThat(orphans).containsExactly("prod-us-east-1 payments/fraud-scorer");
  }

  @Test
  void theProductionClusterCarriesADualSourceServiceAccountAndADefaultServiceAccountRole() {
    DemoEstate prod = DemoEstate.production();
    DemoAccount.Cluster eks = account.cluster(prod.name()).orElseThrow();
    List<String> dual = eks.podIdentityAssociations().stream().map(a -> a.namespace() + "/" + a.serviceAccount())
        .filter(prod.irsa()::containsKey).toList();
    assertThat(dual).containsExactly("checkout/cart-service");
    assertThat(prod.irsa()).containsKey("platform/default");
    assertThat(prod.apps()).filteredOn(a -> a.serviceAccount() == null).extracting(DemoEstate.App::name).containsExactly("nightly-report");
  }

  @Test
  void everyPolicyIsJsonAndEveryAttachmentResolvesToItsDefaultVersion() throws Exception {
    for (DemoAccount.Role r : account.roles()) {
      JSON.readTree(r.trust());
      for (String doc : r.inline().values()) {
        assertThat(JSON.readTree(doc).has("Statement")).as(r.name()).isTrue();
      }
      for (String arn : r.attached()) {
        DemoAccount.ManagedPolicy p = account.managedPolicy(arn).orElseThrow(() -> new AssertionError(r.name() + " attaches unknown " + arn));
        assertThat(p.versions()).containsKey(p.defaultVersion());
      }
    }
    for (DemoAccount.ManagedPolicy p : account.managedPolicies()) {
      for (Map.Entry<String, String> v : p.versions().entrySet()) {
        assertThat(JSON.readTree(v.getValue()).has("Statement")).as(p.arn() + " " + v.getKey()).isTrue();
      }
    }
  }

  @Test
  void aRolePassesAnyRoleAndAnotherHoldsEveryAction() {
    assertThat(account.role("prod-deploy-bot").orElseThrow().inline().get("deploy")).contains("\"iam:PassRole\"");
    assertThat(account.role("prod-platform-default").orElseThrow().attached()).containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");
  }
}
