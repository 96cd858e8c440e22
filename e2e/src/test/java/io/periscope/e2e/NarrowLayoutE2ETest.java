package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.periscope.demo.cluster.DemoEstate;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only a laid-out page shows: the styles the browser applies and where boxes end, at the window
 * widths where walkthroughs found them wrong (1024 px, the smallest laptop window the console is laid
 * out for, and 900 px, below the {@code lg} breakpoint).
 */
@ExtendWith(Console.class)
class NarrowLayoutE2ETest {

  /** The overview's Resources card at 1024 px: "CustomResourceDefinitions" ran into the card's border. */
  @Test
  void theOverviewsKindNamesStayInsideTheirCardAt1024() {
    Page page = Console.developer(false);
    try {
      page.setViewportSize(1024, 900);
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      Locator card = page.locator("[aria-labelledby='cluster-kinds']");
      Locator crds = card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("CustomResourceDefinitions"));
      assertThat(crds).isVisible();
      assertThat(crds).hasAttribute("title", "CustomResourceDefinitions");

      BoundingBox box = card.boundingBox();
      double inside = box.x + box.width - 16; // the card's p-4
      for (Locator link : card.getByRole(AriaRole.LINK).all()) {
        BoundingBox l = link.boundingBox();
        assertThat(l.x + l.width).as(link.textContent()).isLessThanOrEqualTo(inside + 0.5);
      }
    } finally {
      page.context().close();
    }
  }

  /** Below 1024 px the audit detail pane was hidden: a row click showed nothing. Now a modal drawer. */
  @Test
  void anAuditRowOpensADrawerAt900AndEscapeGivesTheFocusBack() {
    Page page = Console.developer(true);
    try {
      page.setViewportSize(900, 800);
      page.navigate(Console.url("/audit"));
      // Signing in wrote at least this person's auth.login row.
      Locator row = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Audit events"))
          .locator("[data-event-id]").first();
      row.click();

      // A modal dialog over the list: it takes the focus and keeps Tab inside (Tab walked on into the covered rows).
      Locator pane = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(Pattern.compile("^Audit event \\d+$")));
      assertThat(pane).isVisible();
      assertThat(pane).hasAttribute("aria-modal", "true");
      assertThat(pane.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(2))).isFocused();
      for (String key : new String[] {"Shift+Tab", "Tab", "Tab", "Tab"}) {
        page.keyboard().press(key);
        org.assertj.core.api.Assertions.assertThat(page.evaluate("() => !!document.activeElement.closest('[role=dialog]')"))
            .as("the focus inside the drawer after %s", key).isEqualTo(true);
      }
      BoundingBox box = pane.boundingBox();
      assertThat(box.x + box.width).isEqualTo(900, org.assertj.core.data.Offset.offset(1.0));
      assertThat(box.height).isGreaterThanOrEqualTo(800 - 1);
      Browser.screenshot(page, "audit-drawer-w900-dark");

      page.keyboard().press("Escape");
      assertThat(pane).isHidden();
      assertThat(row).isFocused();
    } finally {
      page.context().close();
    }
  }

  /** At 1024 px with the detail pane open the table showed Time, Actor and Verb; Target and Outcome were cut off. */
  @Test
  void anAuditRowAt1024WithThePaneOpenStillShowsItsTargetAndOutcome() {
    Page page = Console.developer(true);
    try {
      page.setViewportSize(1024, 800);
      page.navigate(Console.url("/audit"));
      Locator table = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Audit events"));
      Locator row = table.locator("[data-event-id]").first();
      row.click();
      assertThat(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName(Pattern.compile("^Audit event \\d+$")))).isVisible();

      BoundingBox t = table.boundingBox();
      Locator cells = row.getByRole(AriaRole.GRIDCELL);
      assertThat(cells).hasCount(5);
      for (int i : new int[] {3, 4}) {
        BoundingBox c = cells.nth(i).boundingBox();
        assertThat(c.width).as("cell %d width", i).isGreaterThan(40);
        assertThat(c.x + c.width).as("cell %d right edge", i).isLessThanOrEqualTo(t.x + t.width + 0.5);
      }
      // The outcome badge itself, not just its cell, is inside the table.
      BoundingBox badge = cells.nth(4).locator("span").first().boundingBox();
      assertThat(badge.x + badge.width).isLessThanOrEqualTo(t.x + t.width + 0.5);
      Browser.screenshot(page, "audit-pane-w1024-dark");
    } finally {
      page.context().close();
    }
  }

  /** Disabled at 50 % opacity still looked pressable on the dark theme: no fill, a dashed outline, grey text. */
  @Test
  void aDisabledButtonLosesItsFillOnTheDarkTheme() {
    Page page = Console.viewer(true);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/apps/v1/deployments?ns=payments&sel=payments%2Fpayments-api"));
      for (String name : new String[] {"Scale", "Delete"}) {
        Locator button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
        assertThat(button).isDisabled();
        @SuppressWarnings("unchecked")
        Map<String, Object> style = (Map<String, Object>) button.evaluate(
            "b => { const s = getComputedStyle(b); return { bg: s.backgroundColor, border: s.borderTopStyle, color: s.color, opacity: s.opacity } }");
        assertThat(style).as(name)
            .containsEntry("bg", "rgba(0, 0, 0, 0)")
            .containsEntry("border", "dashed")
            .containsEntry("opacity", "1");
        // slate-400, as Tailwind 4 writes it (oklch), not the enabled button's near-white or the danger fill's white.
        assertThat((String) style.get("color")).as(name).startsWith("oklch(0.704");
        assertThat(button.locator("xpath=..")).hasAttribute("title", Pattern.compile("Your role doesn't allow"));
      }
    } finally {
      page.context().close();
    }
  }
}
