package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Karpenter page on the demo's production cluster: the pool with a drifted NodeClaim is open,
 * a pending pod shows Karpenter's reason per NodePool, and the cost comes from the controller's
 * metrics for a person allowed to proxy to it (and reads unavailable for one who is not).
 */
@ExtendWith(Console.class)
class KarpenterE2ETest {
  private static final String PAGE = "/clusters/" + DemoEstate.PRODUCTION + "/karpenter";

  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name);
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void theDriftedPoolIsOpenAndAPendingPodShowsItsReasonsPerPool(boolean dark) {
    Page page = Console.signIn("sam", List.of("sre-admins"), dark);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      Locator nav = page.getByRole(AriaRole.NAVIGATION, named("Main"));
      nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Karpenter").setExact(true)).click();
      page.waitForURL(Console.url(PAGE));

      Locator spot = page.getByRole(AriaRole.REGION, named("NodePool general-spot"));
      assertThat(spot.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setExpanded(true))).containsText("Drifted claims");
      assertThat(spot.getByRole(AriaRole.TABLE)).containsText("Drifted");
      assertThat(spot).containsText("saves");
      Locator onDemand = page.getByRole(AriaRole.REGION, named("NodePool critical-on-demand"));
      assertThat(onDemand.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setExpanded(false))).hasCount(1);
      assertThat(onDemand.getByRole(AriaRole.TABLE)).hasCount(0);

      Locator pod = page.getByRole(AriaRole.LISTITEM, named("checkout/search-indexer-6f7d9c5b8-q2xkp"));
      Locator reasons = pod.getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Karpenter's reasons")).getByRole(AriaRole.LISTITEM);
      assertThat(reasons).hasCount(2);
      assertThat(reasons.nth(0)).containsText("critical-on-demand");
      assertThat(reasons.nth(0)).containsText("Taint not tolerated");
      assertThat(reasons.nth(1)).containsText("general-spot");
      assertThat(reasons.nth(1)).containsText("Limits reached");
      assertThat(page.getByRole(AriaRole.LISTITEM, named("monitoring/prometheus-0"))).containsText("No instance type fits");
      assertThat(page.getByRole(AriaRole.LISTITEM, named("payments/fraud-scorer-0"))).containsText("Incompatible requirements");
      // The estate's own pending pod has Karpenter's word too, not only the default scheduler's.
      assertThat(page.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("checkout/cart-service-"))).containsText("Limits reached");
      Browser.screenshot(page, "karpenter-" + (dark ? "dark" : "light"));
      // The shell scrolls its main area, so a full-page shot ends at the viewport: the pending pods get their own.
      pod.locator("xpath=ancestor::section[1]").screenshot(new Locator.ScreenshotOptions()
          .setPath(Browser.SCREENSHOTS.resolve("karpenter-pending-" + (dark ? "dark" : "light") + ".png")));
    } finally {
      page.context().close();
    }
  }

  @Test
  void aViewerWhoMayNotProxyToTheControllerSeesTheCostAsUnavailable() {
    Page page = Console.viewer(false);
    try {
      page.navigate(Console.url(PAGE));
      assertThat(page.getByRole(AriaRole.NOTE).first()).containsText("Cost figures unavailable");
      assertThat(page.getByRole(AriaRole.REGION, named("NodePool general-spot"))).containsText("unknown");
      assertThat(page.getByRole(AriaRole.LISTITEM, named("payments/fraud-scorer-0"))).containsText("Incompatible requirements");
      // The estate's own pending pod has Karpenter's word too, not only the default scheduler's.
      assertThat(page.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("checkout/cart-service-"))).containsText("Limits reached");
    } finally {
      page.context().close();
    }
  }

  @Test
  void aClusterWithoutKarpenterHasNoSidebarEntry() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.STAGING));
      Locator nav = page.getByRole(AriaRole.NAVIGATION, named("Main"));
      assertThat(nav).containsText("Overview");
      assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Karpenter").setExact(true))).hasCount(0);
    } finally {
      page.context().close();
    }
  }
}
