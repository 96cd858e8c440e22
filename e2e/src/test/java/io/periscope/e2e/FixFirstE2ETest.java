package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fix first on the demo: the production cluster's top row is payments-api, which has it all — a
 * critical CVE with a public exploit in its image (the demo account's Inspector), a role that
 * reads secrets (IRSA, the demo account's IAM) and a public LoadBalancer Service — and its links
 * lead to its Security tab and to the Service.
 */
@ExtendWith(Console.class)
class FixFirstE2ETest {
  /** The cluster's first read from Inspector starts with the first page that asks (cold on a loaded CI machine); the page asks again meanwhile. */
  private static final LocatorAssertions.ContainsTextOptions FIRST_READ = new LocatorAssertions.ContainsTextOptions().setTimeout(45_000);

  @Test
  void theTopRowCombinesAnExploitableCriticalCveASensitiveRoleAndAPublicService() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Fix first")).click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Fix first"))).isVisible();

      Locator top = page.getByTestId("fix-first-row").first();
      Locator why = top.getByTestId("fix-first-why");
      assertThat(why).containsText("critical CVE-2021-30000 with a public exploit in payments-api:2.14.1 image", FIRST_READ);
      assertThat(top).containsText("payments-api");
      assertThat(why).containsText("public LoadBalancer payments-api-public");
      assertThat(why).containsText("role prod-payments-api can secretsmanager:GetSecretValue");
      assertThat(top.getByTestId("fix-first-score")).hasText("28.8");
      assertThat(page.getByTestId("fix-first-signals")).containsText("Exploitable CVE: available");
      Browser.screenshot(page, "fix-first-light");

      // Filter by signal: only the rows with all three.
      for (String signal : new String[] {"Internet exposure", "Exploitable CVE", "Sensitive IAM"}) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(signal)).click();
      }
      assertThat(page.getByTestId("fix-first-row")).hasCount(1);
      assertThat(page.getByTestId("fix-first-row")).containsText("payments-api");

      top.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Service payments-api-public")).click();
      assertThat(page).hasURL(Pattern.compile("/r/core/v1/services\\?ns=payments&sel=payments%2Fpayments-api-public"));
      assertThat(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName(Pattern.compile("payments-api-public"))))
          .containsText("app.kubernetes.io/name=payments-api");
      page.goBack();

      page.getByTestId("fix-first-row").first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Security")).click();
      assertThat(page).hasURL(Pattern.compile("/r/apps/v1/deployments\\?.*tab=security"));
      assertThat(page.getByTestId("security-tab").getByTestId("finding-group").filter(new Locator.FilterOptions().setHasText("go/stdlib")))
          .containsText("1.16.1", FIRST_READ);
    } finally {
      page.context().close();
    }
  }

  @Test
  void theRowsAreKeyboardNavigableInTheDarkTheme() {
    Page page = Console.developer(true);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/fix-first"));
      Locator rows = page.getByTestId("fix-first-row");
      assertThat(rows.first().getByTestId("fix-first-why")).containsText("with a public exploit", FIRST_READ);
      Browser.screenshot(page, "fix-first-dark");
      rows.first().focus();
      page.keyboard().press("ArrowDown");
      assertThat(rows.nth(1)).isFocused();
      // Workload names are DNS labels: no regex metacharacters (Playwright hands the pattern to the browser as JS).
      String second = rows.nth(1).getByRole(AriaRole.LINK).first().textContent();
      page.keyboard().press("Enter");
      assertThat(page).hasURL(Pattern.compile("sel=[a-z-]+%2F" + second + "$"));
      assertThat(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName(Pattern.compile(second)))).isVisible();
    } finally {
      page.context().close();
    }
  }
}
