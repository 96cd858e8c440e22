package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a keyboard-only walk (an on-call SRE without a mouse) lost the focus or could not get out, in
 * Chromium, which the Vitest stand-ins cannot prove: xterm leaving a Tab to the browser, a form's submit.
 */
@ExtendWith(Console.class)
class KeyboardWalkE2ETest {

  /** Tab and Shift+Tab went to the shell, Escape too: nothing but the mouse left a terminal. */
  @Test
  void escThenTabLeavesTheShellAndAnEndedSessionHandsTheFocusToReconnect() {
    Page page = Console.signIn("sam", java.util.List.of("sre-admins"), true);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=payments"));
      Locator row = page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api-")).first();
      String pod = row.getByRole(AriaRole.GRIDCELL).first().innerText().strip();
      row.click();
      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("exec")).click();
      Locator connect = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect"));
      assertThat(connect).isEnabled(); // once the access review has answered
      connect.focus();
      page.keyboard().press("Enter");

      Locator terminal = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Terminal in " + pod));
      Locator input = terminal.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Terminal input"));
      assertThat(terminal).containsText("demo shell in " + pod);
      assertThat(input).isFocused(); // the shell takes the focus once it is ready

      page.keyboard().press("Tab"); // completion: still the shell's
      assertThat(input).isFocused();
      page.keyboard().press("Escape");
      page.keyboard().press("Shift+Tab");
      assertThat(input).not().isFocused();
      assertThat(page.getByText("Esc then Tab leaves the terminal.")).isVisible();

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reconnect")).focus();
      page.keyboard().press("Enter");
      assertThat(input).isFocused();
      page.keyboard().type("exit");
      page.keyboard().press("Enter");
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reconnect"))).isFocused();
    } finally {
      page.context().close();
    }
  }

  /** Enter in the Scale form's count scaled the Deployment and dropped the focus on the page's body. */
  @Test
  void submittingTheScaleFormGivesTheFocusBackToScale() {
    Page page = Console.signIn("sam", java.util.List.of("sre-admins"), false);
    try {
      // Scaled to the count it has: the walk is about the focus, not about changing the demo for other tests.
      page.navigate(Console.url("/clusters/" + DemoEstate.STAGING + "/r/apps/v1/deployments?ns=payments"));
      page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api")).first().click();
      Locator scale = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale").setExact(true));
      assertThat(scale).isEnabled(); // once the access review has answered
      scale.focus();
      page.keyboard().press("Enter");
      Locator count = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Scale")).getByRole(AriaRole.SPINBUTTON);
      assertThat(count).isFocused();
      page.keyboard().press("Enter");

      assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Scaled to"))).isVisible();
      assertThat(scale).isFocused();
    } finally {
      page.context().close();
    }
  }
}
