package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RBAC made readable and the triage actions on the demo fleet's production cluster: a role's
 * rules table and a binding's role and subjects with links, the who-can view, eviction refused by
 * a PodDisruptionBudget with the apiserver's words, and a pod's HTTP page reached through
 * Periscope's port-forward (the demo apiserver's kubelet side serves it over the channel protocol).
 */
@ExtendWith(Console.class)
class RbacAndTriageE2ETest {
  private static final String PROD = "/clusters/" + DemoEstate.PRODUCTION;

  private static Locator row(Page page, String text) {
    return page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(text)).first();
  }

  @Test
  void aRoleShowsItsRulesAsATableAndABindingLinksItsRoleAndSubjects() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url(PROD + "/r/rbac.authorization.k8s.io/v1/clusterroles"));
      assertThat(page.getByRole(AriaRole.GRID).getByRole(AriaRole.COLUMNHEADER, new Locator.GetByRoleOptions().setName("Rules"))).isVisible();
      row(page, "periscope-triage").click();
      Locator rules = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Rules"));
      assertThat(rules.getByRole(AriaRole.COLUMNHEADER)).hasText(new String[] {"Resources", "Non-resource URLs", "Resource names", "Verbs"});
      assertThat(rules.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(Pattern.compile("^pods/exec")))).containsText("[create");
      Browser.screenshot(page, "rbac-rules-table");

      page.navigate(Console.url(PROD + "/r/rbac.authorization.k8s.io/v1/rolebindings?ns=payments"));
      assertThat(page.getByRole(AriaRole.GRID).getByRole(AriaRole.COLUMNHEADER, new Locator.GetByRoleOptions().setName("Subjects"))).isVisible();
      assertThat(row(page, "payments-api-secrets")).containsText("Role/secret-reader");
      row(page, "payments-api-secrets").click();
      Locator subjects = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Subjects"));
      assertThat(subjects.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("payments-api"))).hasAttribute("href",
          Pattern.compile("/r/core/v1/serviceaccounts\\?ns=payments&sel=payments%2Fpayments-api$"));
      Browser.screenshot(page, "rbac-binding");
      page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Role")).getByRole(AriaRole.LINK).click();
      assertThat(page).hasURL(Pattern.compile("/r/rbac.authorization.k8s.io/v1/roles\\?ns=payments&sel=payments%2Fsecret-reader$"));
      assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Rules"))).containsText("secrets");
    } finally {
      page.context().close();
    }
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void whoCanNamesTheSubjectsAndTheBindingsThatGrantIt(boolean dark) {
    Page page = Console.developer(dark);
    try {
      page.navigate(Console.url(PROD + "/who-can?verb=get&resource=secrets&namespace=payments"));
      Locator results = page.getByTestId("who-can-results");
      Locator sa = results.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments/payments-api"));
      assertThat(sa).containsText("RoleBinding/payments-api-secrets → Role/secret-reader");
      assertThat(results.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("cluster-admin")).first()).isVisible();
      Browser.screenshot(page, "rbac-who-can-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  @Test
  void evictingAPodItsDisruptionBudgetProtectsShowsTheApiserversRefusal() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url(PROD + "/r/core/v1/pods?ns=payments"));
      row(page, "payments-api-").click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Evict")).click();
      Console.confirm(page, "Evict");
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("Cannot evict pod as it would violate the pod's disruption budget.");
      assertThat(page.getByRole(AriaRole.ALERT)).containsText(java.util.regex.Pattern.compile("Eviction of payments-api-\\S+ failed"));
      Browser.screenshot(page, "evict-pdb-refused");
    } finally {
      page.context().close();
    }
  }

  @Test
  void aPodsHttpPageIsReachedThroughPeriscopesPortForward() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url(PROD + "/r/core/v1/pods?ns=monitoring"));
      row(page, "grafana-").click();
      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("port-forward")).click();
      assertThat(page.getByLabel("Pod port")).hasValue("3000");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Forward")).click();
      Locator link = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open port 3000"));
      assertThat(link).hasAttribute("href", Pattern.compile("^/api/port-forwards/[A-Za-z0-9_-]{22}/$"));
      Browser.screenshot(page, "port-forward-tab");

      Page forwarded = page.waitForPopup(link::click);
      assertThat(forwarded.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(Pattern.compile("^Hello from grafana-")))).isVisible();
      assertThat(forwarded.locator("body")).containsText("container port 3000");
      // The page's stylesheet came through the forward too (the session cookie went with it) ...
      assertThat(forwarded.locator("body")).hasCSS("background-color", "rgb(224, 242, 254)");
      // ... but no script runs on Periscope's origin: the browser renders the page's <noscript>.
      assertThat(forwarded.locator("#noscript")).isVisible();
      Browser.screenshot(forwarded, "port-forward-page");
      forwarded.close();

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close port-forward to port 3000")).click();
      assertThat(link).hasCount(0);
    } finally {
      page.context().close();
    }
  }
}
