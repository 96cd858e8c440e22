package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Amazon Inspector on the demo: the production cluster's pods carry CVE chips from the demo
 * account's Inspector, a payments-api pod's Security tab groups its findings by package with the
 * fixing upgrade, a filter narrows them, and a refresh lands in the audit log.
 */
@ExtendWith(Console.class)
class InspectorE2ETest {
  /** The cluster's first read from Inspector starts with the first list that asks (cold on a loaded CI machine). */
  private static final LocatorAssertions.ContainsTextOptions FIRST_READ = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  private static Locator row(Page page, String text) {
    return page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(text)).first();
  }

  @Test
  void chipsOnPodsTheSecurityTabGroupsAFilterAndAnAuditedRefresh() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=payments"));
      Locator payments = row(page, "payments-api-");
      // 116 Go stdlib CVEs and four more: 3 critical, 21 high, 80 medium.
      assertThat(payments.getByTestId("cve-chip")).containsText("3C", FIRST_READ);
      assertThat(payments.getByTestId("cve-chip")).containsText("21H");
      assertThat(payments.getByTestId("cve-chip")).containsText("80M");

      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=platform"));
      assertThat(row(page, "nightly-report-").getByTestId("cve-chip")).containsText("not scanned", FIRST_READ);

      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=payments"));
      row(page, "payments-api-").click();
      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Security")).click();
      Locator tab = page.getByTestId("security-tab");
      Locator stdlib = tab.getByTestId("finding-group").filter(new Locator.FilterOptions().setHasText("go/stdlib"));
      assertThat(stdlib.getByTestId("upgrade")).containsText("1.16.1 → 1.26.3 closes 116 CVEs", FIRST_READ);
      assertThat(tab.getByTestId("finding-group")).hasCount(3);
      Browser.screenshot(page, "inspector-security-light");

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Exploit available")).click();
      assertThat(tab).containsText("3 shown in 3 packages");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Critical")).click();
      assertThat(tab).containsText("1 shown in 1 package");
      assertThat(tab.getByTestId("finding-group")).hasCount(1);

      // The refresh's own answer, not the button's state: the button is enabled before the POST leaves too,
      // and navigating away then cancels it (the audit row never came in one clean-clone CI run).
      Response refreshed = page.waitForResponse(
          r -> r.url().endsWith("/refresh") && "POST".equals(r.request().method()),
          () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click());
      org.assertj.core.api.Assertions.assertThat(refreshed.status()).isEqualTo(200);

      // Filtered by verb: other tests of the run write AWS reads meanwhile, and the newest rows come first.
      page.navigate(Console.url("/audit?verb=inspector_refresh"));
      Locator events = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Audit events"));
      assertThat(events.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("inspector_refresh")).first())
          .containsText("payments-api-");
    } finally {
      page.context().close();
    }
  }

  @Test
  void nodeClaimsCarryTheirInstancesChips() {
    Page page = Console.signIn("sam", java.util.List.of("sre-admins"), false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/karpenter"));
      Locator spot = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("NodePool general-spot"));
      // the claim on ip-10-0-1-11 (the old kernel: two high findings), found through its instance's karpenter.sh/nodeclaim tag
      Locator claim = spot.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("ip-10-0-1-11.ec2.internal"));
      assertThat(claim.getByTestId("cve-chip")).containsText("2H", FIRST_READ);
    } finally {
      page.context().close();
    }
  }
}
