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
 * On the demo fleet: the reverse lookup asked of every cluster at once (results from production and
 * staging, the private edge cluster marked not on AWS), and the denial explainer under a 403 the
 * demo cluster's read tier gets for Secrets.
 */
@ExtendWith(Console.class)
class FleetLookupAndDenialE2ETest {
  private static final LocatorAssertions.ContainsTextOptions COLD = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  @Test
  void theFleetLookupShowsMatchesFromMoreThanOneCluster() {
    Page page = Console.developer(false);
    try {
      // Each cluster's first lookup builds its ServiceAccount index and reads IAM; on a loaded machine that can outlast
      // the fleet lookup's 10 s per-cluster time-out, which is not what this test is about: warm them first.
      for (String cluster : new String[] {DemoEstate.PRODUCTION, DemoEstate.STAGING}) {
        var warm = page.request().get(Console.url("/api/clusters/" + cluster + "/aws/reverse-lookup?action=secretsmanager:GetSecretValue"),
            com.microsoft.playwright.options.RequestOptions.create().setTimeout(60_000));
        org.assertj.core.api.Assertions.assertThat(warm.status()).as(cluster).isEqualTo(200);
      }
      page.navigate(Console.url("/"));
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Fleet reverse lookup")).click();
      page.getByTestId("reverse-lookup-action").fill("secretsmanager:GetSecretValue");
      page.getByTestId("reverse-lookup-action").press("Enter");
      assertThat(page).hasURL(Pattern.compile("/reverse-lookup\\?action=secretsmanager"));

      Locator strip = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Clusters asked"));
      assertThat(strip).containsText(DemoEstate.PRODUCTION, COLD);
      assertThat(strip.locator("[data-status='ok']")).hasCount(2);
      assertThat(strip.locator("[data-status='not_aws']")).containsText(DemoEstate.EDGE);
      assertThat(page.getByTestId("fleet-partial")).hasCount(0);

      Locator prod = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Cluster " + DemoEstate.PRODUCTION));
      Locator staging = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Cluster " + DemoEstate.STAGING));
      assertThat(prod.getByTestId("reverse-lookup-match").filter(new Locator.FilterOptions().setHasText("payments/payments-api")))
          .containsText("arn:aws:iam::123456789012:role/prod-payments-api");
      assertThat(staging.getByTestId("reverse-lookup-match").filter(new Locator.FilterOptions().setHasText("payments/payments-api")))
          .containsText("arn:aws:iam::123456789012:role/staging-payments-api");
      Browser.screenshot(page, "demo-fleet-reverse-lookup");
      staging.scrollIntoViewIfNeeded();
      Browser.screenshot(page, "demo-fleet-reverse-lookup-staging");

      // A pod link leads to that cluster's pod, AWS tab open.
      staging.getByTestId("reverse-lookup-match").filter(new Locator.FilterOptions().setHasText("payments/payments-api"))
          .getByRole(AriaRole.LINK).first().click();
      assertThat(page).hasURL(Pattern.compile("/clusters/" + DemoEstate.STAGING + "/r/core/v1/pods\\?.*tab=aws"));
    } finally {
      page.context().close();
    }
  }

  @Test
  void aRefusedListShowsTheGrantToAskAnAdminFor() {
    Page page = Console.viewer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/secrets?ns=payments"));

      Locator ask = page.getByTestId("denial-explainer");
      assertThat(ask).containsText("Ask a cluster admin for this", COLD);
      assertThat(ask).containsText("allows exactly list secrets in namespace \"payments\"");
      Locator yaml = ask.getByTestId("denial-yaml");
      assertThat(yaml).containsText("kind: Role");
      assertThat(yaml).containsText("resources: [\"secrets\"]");
      assertThat(yaml).containsText("verbs: [\"list\"]");
      assertThat(yaml).containsText("name: \"victor\"");
      ask.getByRole(AriaRole.RADIO).filter(new Locator.FilterOptions().setHasText("periscope-tier:read")).click();
      assertThat(yaml).containsText("kind: Group");
      assertThat(yaml).containsText("name: \"periscope-tier:read\"");
      Browser.screenshot(page, "demo-denial-explainer");
    } finally {
      page.context().close();
    }
  }
}
