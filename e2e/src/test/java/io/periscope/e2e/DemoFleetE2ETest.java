package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.DevServer;
import io.periscope.demo.cluster.DemoEstate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code ./periscope} shows without any set-up: a fleet of three clusters (EKS production,
 * staging, a private cluster behind the agent tunnel), and on a production pod the AWS tab fed by
 * the demo's in-process AWS account: the role, its grants by service, the {@code iam:PassRole} chip;
 * the reverse lookup with IRSA / Pod Identity attribution and wildcard chips; the locked pane.
 */
@ExtendWith(Console.class)
class DemoFleetE2ETest {
  private static Locator card(Page page, String cluster) {
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Clusters")).getByRole(AriaRole.LISTITEM)
        .filter(new Locator.FilterOptions().setHas(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(cluster).setExact(true))));
  }

  /** Opens the AWS tab of the first pod of {@code app} in the production cluster's pod list. */
  private static void openAwsTab(Page page, String namespace, String app) {
    page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=" + namespace));
    page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(app + "-")).first().click();
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("AWS")).click();
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void theFleetShowsThreeClustersThePrivateOneThroughTheAgentTunnel(boolean dark) throws InterruptedException {
    assertThat(Console.server().fleet().orElseThrow().awaitAgent(Duration.ofSeconds(30))).as("the demo agent connects").isTrue();
    Page page = Console.developer(dark);
    try {
      page.navigate(Console.url("/"));
      assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Clusters")).getByRole(AriaRole.LISTITEM)).hasCount(3);
      Locator prod = card(page, DemoEstate.PRODUCTION);
      assertThat(prod).containsText("v1.31.4-eks-2d5f260");
      assertThat(prod).containsText("production");
      assertThat(prod).containsText("eks");
      Locator staging = card(page, DemoEstate.STAGING);
      assertThat(staging).containsText("v1.32.1-eks-5e0fdde");
      assertThat(staging).containsText("kubeconfig");
      Locator edge = card(page, DemoEstate.EDGE);
      // A version and counts on the private cluster's card mean the tunnel carried the person's reads.
      assertThat(edge).containsText("v1.30.6+k3s1");
      assertThat(edge).containsText("agent");
      assertThat(edge).containsText("1 not ready");
      for (Locator c : new Locator[] {prod, staging, edge}) {
        assertThat(c).containsText("failing");
      }
      Browser.screenshot(page, "demo-fleet-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void thePodsAwsTabShowsItsRoleGrantsByServiceAndThePassRoleChip(boolean dark) {
    Page page = Console.developer(dark);
    try {
      openAwsTab(page, "platform", "deploy-bot");

      String roleArn = "arn:aws:iam::123456789012:role/prod-deploy-bot";
      // The first AWS tab of a run waits for the capability probe and the role's IAM reads (cold caches on a loaded CI machine).
      var firstAnswer = new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Identity chain"))).containsText(roleArn, firstAnswer);
      Locator role = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Role " + roleArn));
      assertThat(role).containsText("inline:deploy", firstAnswer);
      Locator chips = role.getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Sensitive permissions"));
      assertThat(chips.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(Pattern.compile("^iam:PassRole$"))))
          .hasCount(1);
      assertThat(chips).containsText("eks:UpdateClusterConfig (some)");

      Locator grants = role.getByRole(AriaRole.GROUP, new Locator.GetByRoleOptions().setName("Grants by service"));
      for (String service : new String[] {"ecr", "eks", "iam", "sts"}) {
        assertThat(grants.locator("summary").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + service + "\\b"))))
            .hasCount(1);
      }
      Locator iam = grants.locator("details").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^iam\\b")));
      iam.locator("summary").click();
      assertThat(iam.locator("li").filter(new Locator.FilterOptions().setHasText("iam:PassRole")).first()).containsText("on *");
      Browser.screenshot(page, "demo-aws-tab-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  @Test
  void eachClusterHoldsRbacObjectsToBrowse() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))).containsText("ClusterRoles");
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/r/rbac.authorization.k8s.io/v1/clusterrolebindings"));
      assertThat(page.getByRole(AriaRole.GRID)).containsText("periscope-tier-triage");
      page.navigate(Console.url("/clusters/" + DemoEstate.EDGE + "/r/rbac.authorization.k8s.io/v1/clusterroles"));
      assertThat(page.getByRole(AriaRole.GRID)).containsText("periscope-agent");
    } finally {
      page.context().close();
    }
  }

  @Test
  void theImagesPageFindsATagRunningAsTwoBuildsAndLinksItsWorkload() {
    Page page = Console.developer(false);
    try {
      page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Images")).click();
      Locator search = page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Image or digest"));
      search.fill("checkout-web");
      search.press("Enter");
      Locator table = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Running images"));
      Locator row = table.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("5.2.0"));
      assertThat(row).containsText("several builds of one tag");
      assertThat(row).containsText(DemoEstate.PRODUCTION);
      row.getByRole(AriaRole.BUTTON).first().click();
      Locator detail = page.getByTestId("image-detail");
      assertThat(detail.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Builds running")).getByRole(AriaRole.LISTITEM))
          .hasCount(2);
      Browser.screenshot(page, "images-builds");
      detail.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("On " + DemoEstate.PRODUCTION))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("checkout/checkout-web")).click();
      assertThat(page).hasURL(Pattern.compile("/clusters/" + DemoEstate.PRODUCTION + "/r/apps/v1/deployments\\?ns=checkout&sel=checkout%2Fcheckout-web"));
      assertThat(page.getByRole(AriaRole.COMPLEMENTARY)).containsText("checkout-web");
    } finally {
      page.context().close();
    }
  }

  @Test
  void aStaleIrsaAnnotationShowsTheRoleAsDeleted() {
    Page page = Console.developer(false);
    try {
      openAwsTab(page, "checkout", "checkout-web");
      Locator role = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Role arn:aws:iam::123456789012:role/prod-checkout-web-legacy"));
      assertThat(role).containsText("Role not found");
    } finally {
      page.context().close();
    }
  }

  @Test
  void theReverseLookupForDeleteBucketFindsTheWildcardRolesWithTheirSource() {
    Page page = Console.developer(false);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/reverse-lookup"));
      page.getByTestId("reverse-lookup-action").fill("s3:DeleteBucket");
      page.getByTestId("reverse-lookup-action").press("Enter");
      assertThat(page).hasURL(Pattern.compile("action=s3%3ADeleteBucket|action=s3:DeleteBucket"));

      var cold = new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(30_000);
      Locator matches = page.getByTestId("reverse-lookup-match");
      assertThat(matches).hasCount(2, cold);
      // platform/default: AdministratorAccess ("Action": "*") through its IRSA annotation.
      Locator platform = matches.filter(new Locator.FilterOptions().setHasText("platform/default"));
      assertThat(platform).containsText("arn:aws:iam::123456789012:role/prod-platform-default");
      assertThat(platform).containsText("IRSA");
      assertThat(platform).containsText("wildcard *");
      assertThat(platform).containsText("nightly-report");
      // payments/ledger-worker: the incident quick-fix "s3:*" through its Pod Identity association.
      Locator ledger = matches.filter(new Locator.FilterOptions().setHasText("payments/ledger-worker"));
      assertThat(ledger).containsText("arn:aws:iam::123456789012:role/prod-ledger-worker");
      assertThat(ledger).containsText("Pod Identity");
      assertThat(ledger).containsText("wildcard s3:*");
      assertThat(ledger).containsText("QuickFixDuringIncident4711");
      // What else the platform role can do: its own per-role view, asked only when opened.
      platform.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("What else it grants")).click();
      Locator grants = platform.getByRole(com.microsoft.playwright.options.AriaRole.REGION);
      assertThat(grants).containsText("iam:PassRole", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
      Browser.screenshot(page, "demo-reverse-lookup");
    } finally {
      page.context().close();
    }
  }

  /** A server whose role lacks a read AWS Access needs: the AWS tab is the locked pane naming it, and nothing is read from IAM. */
  @Test
  void theLockedPaneNamesTheActionTheServersRoleIsRefused() {
    try (DevServer refused = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(List.of("iam:GetPolicyVersion")),
        Map.of()))) {
      Page page = Console.signInTo(refused, "alice", List.of("developers"));
      try {
        page.navigate(refused.url().resolve("/clusters/" + DemoEstate.PRODUCTION + "/r/core/v1/pods?ns=platform").toString());
        page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("deploy-bot-")).first().click();
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("AWS")).click();

        Locator locked = page.getByTestId("aws-locked");
        assertThat(locked).containsText("AWS Access is locked on " + DemoEstate.PRODUCTION,
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(locked.getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Missing IAM actions")).getByRole(AriaRole.LISTITEM))
            .hasText(new String[] {"iam:GetPolicyVersion"});
        assertThat(locked).containsText("arn:aws:iam::123456789012:role/periscope-server");
        assertThat(page.getByTestId("aws-access")).hasCount(0);
        Browser.screenshot(page, "demo-aws-locked");
      } finally {
        page.context().close();
      }
    }
  }
}
