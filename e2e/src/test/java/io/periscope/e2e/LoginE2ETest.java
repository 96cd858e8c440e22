package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person signs in through the development IdP in a real browser, lands on the fleet page and
 * sees their identity; users of two tiers see their own tier; a person whose groups map to no tier
 * is signed in but sees every cluster as "No access", with the reason, rather than as down.
 */
@ExtendWith(Console.class)
class LoginE2ETest {
  @Test
  void developerSignsInAndSeesFleetAndWhoami() {
    Page page = Console.developer(false);
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Fleet"))).isVisible();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("prod-us-east-1").setExact(true))).isVisible();
    page.click("button[aria-label^=Account]");
    assertThat(page.getByText("alice@periscope.local")).isVisible();
    assertThat(page.getByText("write tier")).isVisible();
    page.context().close();
  }

  @Test
  void viewerSeesReadTierInDarkMode() {
    Page page = Console.viewer(true);
    page.click("button[aria-label^=Account]");
    assertThat(page.getByText("read tier")).isVisible();
    assertThat(page.getByText("viewers", new Page.GetByTextOptions().setExact(true))).isVisible();
    page.context().close();
  }

  @Test
  void personWithoutATierSeesNoAccessOnTheFleetWithTheReason() {
    Page page = Console.signIn("casey", List.of("contractors"), false);
    var demo = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("prod-us-east-1").setExact(true));
    assertThat(demo).containsText("No access");
    assertThat(demo).containsText("none of your groups (contractors) gives access. Ask your Periscope administrator");
    assertThat(demo).not().containsText("Unreachable");
    assertThat(page.getByText("3 clusters · 3 without access")).isVisible();
    page.context().close();
  }
}
