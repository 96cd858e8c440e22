package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's AWS tab with the effective answer beside the upper bound: prod-deploy-bot's
 * {@code iam:PassRole} is allowed by its identity policy but denied by the Workloads OU's SCP, read
 * from the demo organization over the Organizations wire protocol; prod-ledger-worker's permission
 * boundary cuts its {@code s3:*} deletes; a stated request context is sent and echoed.
 */
@ExtendWith(Console.class)
class EffectiveAccessE2ETest {
  private static final LocatorAssertions.ContainsTextOptions COLD = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  private static Locator openAwsTab(Page page, String namespace, String deployment, String role) {
    page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/apps/v1/deployments?ns=" + namespace + "&sel=" + namespace + "%2F"
        + deployment + "&tab=aws"));
    return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Role arn:aws:iam::123456789012:role/" + role));
  }

  /** The page, and the role's section whole (the detail pane scrolls, so a page shot cuts it off). */
  private static void shoot(Page page, Locator role, String name) {
    Browser.screenshot(page, name);
    page.setViewportSize(1400, 2600); // tall enough for the pane to show the role's section unclipped
    role.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve(name + "-role.png")));
  }

  private static Locator row(Locator role, String action) {
    return role.getByTestId("effective-row").filter(new Locator.FilterOptions().setHasText(action)).first();
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void anScpOfTheWorkloadsOuDeniesWhatTheIdentityPolicyAllows(boolean dark) {
    Page page = Console.developer(dark);
    try {
      Locator role = openAwsTab(page, "platform", "deploy-bot", "prod-deploy-bot");
      assertThat(role.getByTestId("scp-layers")).containsText("OU Workloads (ou-a1b2-wkld7x3q)", COLD);
      Locator passRole = row(role, "iam:PassRole");
      assertThat(passRole).containsText("every resource");
      assertThat(passRole).containsText("denied");
      assertThat(passRole).containsText("explicit deny in SCP at OU Workloads (ou-a1b2-wkld7x3q)");
      assertThat(role.getByLabel("Policy layers")).containsText("not applicable: IRSA and EKS Pod Identity");
      shoot(page, role, "effective-access-deploy-bot-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false})
  void theBoundaryCutsTheLedgerWorkersDeletesAndAStatedContextIsEvaluated(boolean dark) {
    Page page = Console.developer(dark);
    try {
      Locator role = openAwsTab(page, "payments", "ledger-worker", "prod-ledger-worker");
      assertThat(role.getByLabel("Policy layers")).containsText("arn:aws:iam::123456789012:policy/workload-boundary", COLD);
      Locator deleteBucket = row(role, "s3:DeleteBucket");
      assertThat(deleteBucket).containsText("not allowed");
      assertThat(deleteBucket).containsText("permission boundary arn:aws:iam::123456789012:policy/workload-boundary does not allow it");

      Locator form = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Request context"));
      form.getByLabel("Condition key 1").fill("aws:SourceVpc");
      form.getByLabel("Value 1").fill("vpc-0abc1234");
      var answered = page.waitForResponse(r -> r.url().contains("/aws-access?context="),
          () -> form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Evaluate")).click());
      org.assertj.core.api.Assertions.assertThat(answered.status()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(answered.text()).contains("\"aws:sourcevpc\":[\"vpc-0abc1234\"]");
      assertThat(row(role, "s3:DeleteBucket")).containsText("not allowed");
      shoot(page, role, "effective-access-ledger-worker-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }
}
