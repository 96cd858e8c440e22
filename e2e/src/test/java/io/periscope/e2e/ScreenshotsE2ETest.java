package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page in light and dark, saved under target/screenshots/{page}-{light|dark}.png for people
 * to look at (layout, truncation, contrast). Each shot waits for the page's content first, so
 * these also check that every page renders against the real server.
 */
@ExtendWith(Console.class)
class ScreenshotsE2ETest {
  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name);
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void everyPage(boolean dark) {
    String theme = dark ? "dark" : "light";
    Page page = Console.signIn("sam", List.of("developers"), dark);
    try {
      assertThat(page.locator("html")).hasClass(Pattern.compile(dark ? "\\bdark\\b" : "^(?!.*\\bdark\\b).*$"));

      page.navigate(Console.url("/"));
      assertThat(page.getByRole(AriaRole.LIST, named("Clusters"))).containsText("v1.31");
      Browser.screenshot(page, "fleet-" + theme);

      page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods"));
      assertThat(page.getByRole(AriaRole.GRID)).containsText("ledger-worker-");
      assertThat(page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible();
      Browser.screenshot(page, "list-pods-" + theme);

      page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/deployments?sel=checkout%2Fcheckout-web"));
      Locator detail = page.getByRole(AriaRole.COMPLEMENTARY, named("Deployment checkout-web"));
      assertThat(detail.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Scale"))).isEnabled();
      Browser.screenshot(page, "detail-summary-" + theme);
      detail.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Scale")).click();
      assertThat(detail.getByRole(AriaRole.SPINBUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^Replicas")))).isFocused();
      Browser.screenshot(page, "detail-scale-" + theme);
      detail.getByRole(AriaRole.FORM, new Locator.GetByRoleOptions().setName("Scale")).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
      detail.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
      Locator confirm = page.getByRole(AriaRole.DIALOG, named("Delete checkout-web"));
      page.keyboard().type("checkout-");
      assertThat(confirm.getByRole(AriaRole.TEXTBOX)).hasValue("checkout-");
      assertThat(confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete").setExact(true))).isDisabled();
      Browser.screenshot(page, "detail-delete-" + theme);
      page.keyboard().press("Escape");
      assertThat(confirm).isHidden();

      detail.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("YAML")).click();
      assertThat(page.locator(".monaco-editor .view-lines")).containsText("replicas:");
      Browser.screenshot(page, "detail-yaml-" + theme);
      page.getByRole(AriaRole.BUTTON, named("Edit")).click();
      Console.replaceInEditor(page, "replicas: ", "6");
      page.getByRole(AriaRole.BUTTON, named("Dry run")).click();
      // checkout-web is autoscaled: its replicas belong to the HPA's manager until forced.
      assertThat(page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("Other field managers"))).containsText("kube-controller-manager");
      Browser.screenshot(page, "detail-conflict-" + theme);
      page.getByRole(AriaRole.BUTTON, named("Dry run with force")).click();
      assertThat(page.getByRole(AriaRole.REGION, named("Dry-run result"))).containsText("/spec/replicas");
      Browser.screenshot(page, "detail-diff-" + theme);
      page.getByRole(AriaRole.BUTTON, named("Cancel")).click();

      page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?ns=payments"));
      Locator crashing = page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("CrashLoopBackOff"));
      crashing.click();
      page.getByRole(AriaRole.TAB, named("logs")).click();
      Locator log = page.getByLabel(Pattern.compile("^Log of ledger-worker-"));
      assertThat(log).containsText("starting ledger-worker");
      // The crash-looping container restarted: its previous instance's log ends in the panic.
      page.getByLabel("Previous instance").check();
      assertThat(log).containsText("panic: dial tcp");
      page.getByPlaceholder("Search…").fill("queue");
      assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("matching line"))).containsText("2 matching lines");
      Browser.screenshot(page, "logs-" + theme);

      page.getByRole(AriaRole.TAB, named("exec")).click();
      page.getByRole(AriaRole.BUTTON, named("Connect")).click();
      Locator terminal = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName(Pattern.compile("^Terminal in ")));
      assertThat(terminal).containsText("demo shell in");
      terminal.click();
      page.keyboard().type("echo hello from " + theme);
      page.keyboard().press("Enter");
      assertThat(terminal.locator(".xterm-rows > div").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^\\s*hello from " + theme + "\\s*$")))).hasCount(1);
      Browser.screenshot(page, "exec-" + theme);
      page.keyboard().type("exit");
      page.keyboard().press("Enter");
      assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Session closed"))).isVisible();

      page.navigate(Console.url("/helm?cluster=prod-us-east-1&sel=monitoring%2Fgrafana&tab=diff"));
      assertThat(page.getByRole(AriaRole.REGION, named("Values")).locator("[data-kind=add]").filter(new Locator.FilterOptions().setHasText("11.3.0"))).hasCount(1);
      Browser.screenshot(page, "helm-" + theme);

      page.navigate(Console.url("/audit"));
      assertThat(page.getByRole(AriaRole.GRID, named("Audit events"))).containsText("exec");
      Browser.screenshot(page, "audit-" + theme);

      page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods"));
      assertThat(page.getByRole(AriaRole.GRID)).containsText("ledger-worker-");
      page.keyboard().press("Control+k");
      Locator palette = page.getByRole(AriaRole.DIALOG, named("Command palette"));
      assertThat(palette.getByRole(AriaRole.COMBOBOX)).isFocused();
      page.keyboard().type("payments-api");
      assertThat(palette.getByRole(AriaRole.OPTION).first()).containsText("payments-api");
      Browser.screenshot(page, "palette-" + theme);
    } finally {
      page.context().close();
    }
  }
}
