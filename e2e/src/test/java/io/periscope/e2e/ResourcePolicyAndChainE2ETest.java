package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AWS tab's resource-policy probe and assume-role chain on the demo: the fake account serves
 * the bucket policy (S3 REST-XML) and the roles' trust policies (IAM query) over the real protocols.
 */
@ExtendWith(Console.class)
class ResourcePolicyAndChainE2ETest {
  private static final LocatorAssertions.ContainsTextOptions COLD = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  @Test
  void theBucketPolicysDenyAndTheChainToReleaseAdmin() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/serviceaccounts?ns=payments&sel=payments%2Fpayments-api&tab=aws"));
      Locator probe = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Resource policies"));
      probe.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("arn:aws:s3:::acme-payments-audit")).click(
          new Locator.ClickOptions().setTimeout(30_000));
      Locator delete = probe.getByTestId("resource-decision")
          .filter(new Locator.FilterOptions().setHas(page.getByText("s3:DeleteObject", new Page.GetByTextOptions().setExact(true))));
      assertThat(delete).containsText("Explicitly denied", COLD);
      assertThat(delete).containsText("NoDeletesOfAuditRecords (Deny)");
      assertThat(probe.getByTestId("resource-policy-answer")).containsText("bucket policy read");

      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/serviceaccounts?ns=platform&sel=platform%2Fdeploy-bot&tab=aws"));
      Locator chain = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Assume-role chain"));
      Locator deployer = chain.getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName("Hop to arn:aws:iam::123456789012:role/deployer"));
      assertThat(deployer).containsText("assumable", COLD);
      assertThat(deployer.getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName("Hop to arn:aws:iam::123456789012:role/release-admin")))
          .containsText("iam:AttachRolePolicy");
      assertThat(chain.getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Sensitive actions reachable through the chain")))
          .containsText("iam:AttachRolePolicy via release-admin");
      chain.scrollIntoViewIfNeeded();
      Browser.screenshot(page, "assume-role-chain-light");
    } finally {
      page.context().close();
    }
  }
}
