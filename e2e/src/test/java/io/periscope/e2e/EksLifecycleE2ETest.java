package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EKS upgrade readiness and add-ons on the demo's production cluster (one minor behind): the
 * verdict for 1.32 with its blockers, then a lead (tier maintain) upgrades vpc-cni through the
 * editor — an invalid value is caught before submit — watches it reach ACTIVE and finds the
 * {@code addon_write} row on the audit page. One test: the upgrade changes what readiness shows.
 */
@ExtendWith(Console.class)
class EksLifecycleE2ETest {
  private static final String BASE = "/clusters/" + DemoEstate.PRODUCTION;

  @Test
  void theNextMinorIsBlockedThenALeadUpgradesTheBlockingAddonAndFindsTheAuditRow() {
    Page page = Console.signIn("lena", List.of("leads"), false);
    try {
      page.navigate(Console.url(BASE + "/upgrade-readiness"));
      var slow = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      Locator verdict = page.getByTestId("readiness-verdict");
      assertThat(verdict).containsText("Kubernetes 1.32:", slow);
      assertThat(verdict).containsText("blocked");
      Locator blockers = page.getByTestId("readiness-blockers");
      assertThat(blockers).containsText("Deprecated APIs removed in Kubernetes v1.32");
      assertThat(blockers).containsText("Amazon EKS add-on version compatibility");
      assertThat(blockers).containsText("add-on vpc-cni v1.18.3-eksbuild.3 is not compatible with Kubernetes 1.32");
      // The demo's managed node group runs none of the nodes (Karpenter and self-managed ones do): no AMI drift to warn
      // of, but the table still says its release is behind (a node it starts would run it).
      assertThat(verdict).not().containsText("node group general-purpose is");
      assertThat(page.getByTestId("readiness-nodegroup-drift").first()).containsText("no nodes · ");
      assertThat(page.getByTestId("readiness-nodegroup-drift").first()).containsText("behind");
      assertThat(page.getByTestId("readiness-insight").first()).containsText("kube-prometheus-stack");
      Browser.screenshot(page, "eks-upgrade-readiness-light");

      page.navigate(Console.url(BASE + "/addons"));
      Locator row = page.locator("[data-addon=vpc-cni]");
      assertThat(row).containsText("blocks 1.32", slow);
      row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Update…")).click();
      Locator editor = page.getByTestId("addon-editor");
      assertThat(page.getByTestId("editor-version")).hasValue("v1.19.0-eksbuild.1");
      assertThat(page.getByTestId("editor-preview")).isDisabled();
      editor.getByLabel(Pattern.compile("^Overwrite")).check();

      page.getByTestId("editor-config").fill("{\"env\":{\"WARM_IP_TARGET\":\"lots\"}}");
      assertThat(page.getByTestId("editor-errors")).containsText("WARM_IP_TARGET");
      assertThat(page.getByTestId("editor-preview")).isDisabled();
      page.getByTestId("editor-config").fill("{\"env\":{\"WARM_IP_TARGET\":\"8\",\"ENABLE_PREFIX_DELEGATION\":\"true\"}}");
      assertThat(page.getByTestId("editor-valid")).isVisible();
      page.getByTestId("editor-preview").click();
      Locator preview = page.getByTestId("editor-preview-result");
      assertThat(preview).containsText("v1.18.3-eksbuild.3");
      assertThat(preview).containsText("v1.19.0-eksbuild.1");
      assertThat(preview).containsText("WARM_IP_TARGET");
      Browser.screenshot(page, "eks-addon-editor-light");
      page.getByTestId("editor-submit").click();

      assertThat(page.getByTestId("editor-progress")).containsText("Submitted update of vpc-cni to v1.19.0-eksbuild.1");
      // The demo account settles writes a few seconds after they are accepted: UPDATING comes first.
      assertThat(page.getByTestId("editor-status")).hasText("UPDATING");
      assertThat(page.getByTestId("editor-status")).hasText("ACTIVE", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
      assertThat(page.getByTestId("editor-update")).containsText("Successful");
      assertThat(row.getByTestId("addon-version")).hasText("v1.19.0-eksbuild.1");
      assertThat(row).not().containsText("blocks 1.32");

      // The add-on insight was refreshed days before the update: still ERROR, but no longer a blocker, and it says why.
      page.navigate(Console.url(BASE + "/upgrade-readiness"));
      assertThat(page.getByTestId("readiness-verdict")).containsText("the insight predates the update of vpc-cni to v1.19.0-eksbuild.1", slow);
      assertThat(page.getByTestId("readiness-blockers")).not().containsText("Amazon EKS add-on version compatibility");
      assertThat(page.getByTestId("readiness-stale-insight")).containsText("vpc-cni to v1.19.0-eksbuild.1");

      page.navigate(Console.url("/audit"));
      Locator events = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Audit events"));
      Locator write = events.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("addon_write"))
          .filter(new Locator.FilterOptions().setHasText("vpc-cni"));
      assertThat(write.first()).isVisible();
      assertThat(write.first()).containsText("success");
      Browser.screenshot(page, "eks-addon-audit-light");
    } finally {
      page.context().close();
    }
  }
}
