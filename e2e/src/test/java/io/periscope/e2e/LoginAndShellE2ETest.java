package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import io.periscope.demo.DevServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person signs in through the development IdP in a real browser, lands on the fleet page and
 * sees their identity; users of two tiers see their own tier.
 */
class LoginAndShellE2ETest {
  private static DevServer server;
  private static Browser browser;

  @BeforeAll
  static void start() {
    server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(), Map.of()));
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Opens the console, which redirects to the dev IdP; signs in with exactly these groups. */
  static Page signIn(String user, List<String> groups, boolean dark) {
    Page page = browser.newPage(dark);
    page.navigate(server.url().toString());
    page.waitForSelector("#username");
    page.fill("#username", user);
    for (var box : page.querySelectorAll("input[name=group]")) {
      boolean wanted = groups.contains(box.getAttribute("value"));
      if (box.isChecked() != wanted) {
        box.click();
      }
    }
    page.click("button[type=submit]");
    page.waitForURL(server.url() + "**");
    return page;
  }

  @Test
  void developerSignsInAndSeesFleetAndWhoami() {
    Page page = signIn("alice", List.of("developers"), false);
    assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.HEADING,
        new Page.GetByRoleOptions().setName("Fleet"))).isVisible();
    assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.HEADING,
        new Page.GetByRoleOptions().setName("demo").setExact(true))).isVisible();
    page.click("button[aria-label^=Account]");
    assertThat(page.getByText("alice@periscope.local")).isVisible();
    assertThat(page.getByText("write tier")).isVisible();
    Browser.screenshot(page, "fleet-developer-light");
  }

  @Test
  void viewerSeesReadTierInDarkMode() {
    Page page = signIn("victor", List.of("viewers"), true);
    page.click("button[aria-label^=Account]");
    assertThat(page.getByText("read tier")).isVisible();
    assertThat(page.getByText("viewers", new Page.GetByTextOptions().setExact(true))).isVisible();
    Browser.screenshot(page, "fleet-viewer-dark");
  }
}
