package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Cluster Access page (from the sidebar's EKS section) on the demo's production cluster, mid-migration from aws-auth to access
 * entries: the migration chip's counts, the dual-source ServiceAccount finding, and its link to
 * the ServiceAccount's AWS Access tab.
 */
@ExtendWith(Console.class)
class ClusterAccessE2ETest {
  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void theMigrationChipADualSourceFindingAndItsLinkToTheAwsAccessTab(boolean dark) {
    Page page = Console.developer(dark);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("EKS"))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Cluster access")).click();

      // The first AWS page of a run waits for the capability probe, the index and the IRSA roles' IAM reads (cold caches).
      var first = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      Locator chip = page.getByTestId("migration-chip");
      assertThat(chip).containsText("4 aws-auth only · 3 in both · 2 access entry only", first);
      assertThat(chip).containsText("API_AND_CONFIG_MAP");
      assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("aws-auth warnings"))).containsText("has a path");
      // A long page scrolls inside the console's main area; the document itself never scrolls (an sr-only label far
      // down the page once lengthened it, giving the window a second scrollbar over empty space).
      org.assertj.core.api.Assertions.assertThat((Boolean) page.evaluate(
          "() => document.querySelector('main').scrollHeight > innerHeight && document.documentElement.scrollHeight <= innerHeight"))
          .as("the main area scrolls, the document does not").isTrue();
      Browser.screenshot(page, "cluster-access-" + (dark ? "dark" : "light"));
      page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("IAM principals")).scrollIntoViewIfNeeded();
      Browser.screenshot(page, "cluster-access-principals-" + (dark ? "dark" : "light"));
      page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("ServiceAccount to IAM role")).scrollIntoViewIfNeeded();
      Browser.screenshot(page, "cluster-access-serviceaccounts-" + (dark ? "dark" : "light"));

      page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Finding type")).selectOption(new SelectOption().setValue("DUAL_SOURCE_CONFLICT"));
      Locator findings = page.getByTestId("access-finding");
      assertThat(findings).hasCount(1);
      Locator dual = findings.first();
      assertThat(dual).containsText("Dual-source ServiceAccount");
      assertThat(dual).containsText("checkout/cart-service");
      assertThat(dual).containsText("arn:aws:iam::123456789012:role/prod-cart-service-pod-identity");

      dual.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("AWS Access")).click();
      assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("AWS"))).hasAttribute("aria-selected", "true");
      Locator chain = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Identity chain"));
      assertThat(chain).containsText("arn:aws:iam::123456789012:role/prod-cart-service", first);
      assertThat(chain).containsText("prod-cart-service-pod-identity");
      assertThat(page).hasURL(java.util.regex.Pattern.compile("/clusters/" + DemoEstate.PRODUCTION
          + "/r/core/v1/serviceaccounts\\?ns=checkout&sel=checkout%2Fcart-service&tab=aws$"));
    } finally {
      page.context().close();
    }
  }

  /** Staging is on access entries only: no aws-auth, and its node group's nodes joined through the node role's entry. */
  @Test
  void aClusterOnAccessEntriesOnlySaysItHasNoAwsAuthAndListsItsEntries() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.STAGING + "/access"));
      var first = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      assertThat(page.getByTestId("migration-chip")).containsText("0 aws-auth only · 0 in both · 2 access entry only", first);
      assertThat(page.getByTestId("migration-chip")).containsText("API");
      assertThat(page.getByTestId("aws-auth-note")).containsText("kube-system/aws-auth does not exist");
      assertThat(page.getByTestId("access-principal").filter(new Locator.FilterOptions().setHasText("staging-eks-nodes"))).containsText("EC2_LINUX");
      assertThat(page.getByTestId("access-serviceaccount").filter(new Locator.FilterOptions().setHasText("ledger-worker"))).containsText("Pod Identity");
      Browser.screenshot(page, "cluster-access-staging-light");
    } finally {
      page.context().close();
    }
  }
}
