package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Creating an object from the console: a developer (write tier) on the production cluster's
 * ConfigMaps in payments opens **Create**, sees where it lands (the cluster, production, the
 * namespace), edits the starter's name in Monaco, dry-runs it (the apiserver's answer, nothing
 * stored), creates it, and lands on the new ConfigMap, which the list shows.
 */
@ExtendWith(Console.class)
class CreateObjectE2ETest {
  private static Locator button(Locator in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  void aDeveloperCreatesAConfigMapInPaymentsOnProductionAfterADryRun() {
    Page page = Console.signIn("dana", List.of("developers"), false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/configmaps?ns=payments"));
      Locator create = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true));
      assertThat(create).isEnabled();
      create.click();

      Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Create ConfigMap"));
      Locator target = dialog.getByTestId("action-target");
      assertThat(target).containsText(DemoEstate.PRODUCTION);
      assertThat(target).containsText("namespace payments");
      assertThat(dialog.locator(".monaco-editor")).isVisible();
      assertThat(button(dialog, "Create")).isDisabled(); // a dry run first

      Console.replaceInEditor(page, "name: new-", "e2e");
      assertThat(target).containsText("ConfigMap new-e2e");
      button(dialog, "Dry run").click();
      Locator result = dialog.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Dry-run result"));
      assertThat(result).containsText("the apiserver would create ConfigMap new-e2e in namespace payments. Nothing was stored.");
      Browser.screenshot(page, "create-configmap-dry-run-light");

      button(dialog, "Create").click();
      assertThat(dialog).isHidden();
      assertThat(page).hasURL(Pattern.compile("[?&]sel=payments%2Fnew-e2e(&|$)"));
      assertThat(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("ConfigMap new-e2e"))).isVisible();
      assertThat(page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("new-e2e"))).hasCount(1);
    } finally {
      page.context().close();
    }
  }
}
