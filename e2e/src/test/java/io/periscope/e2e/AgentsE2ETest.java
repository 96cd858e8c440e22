package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Agents page of the demo fleet (its private cluster {@code factory-edge} is served through
 * the in-process agent): an admin sees the agent connected with its certificate, mints a
 * registration token that is shown once with the commands to run, copies it, and the mint is in
 * the audit log. Nothing here deregisters or rotates: the other e2e tests share this fleet.
 */
@ExtendWith(Console.class)
class AgentsE2ETest {
  @Test
  void anAdminMintsARegistrationTokenForTheAgentCluster() {
    Page page = Console.signIn("root", List.of("sre-admins"), false);
    try {
      page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
      page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Agents")).click();
      Locator edge = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Agent cluster " + DemoEstate.EDGE));
      assertThat(edge).containsText("connected");
      assertThat(edge.getByRole(AriaRole.TABLE)).containsText("valid");
      // The demo's own agent is connected: the certificate it presented is marked.
      assertThat(edge.getByRole(AriaRole.TABLE).getByRole(AriaRole.ROW).nth(1)).containsText("in use");
      Browser.screenshot(page, "agents-page");

      edge.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Mint registration token")).click();

      Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Registration token for " + DemoEstate.EDGE));
      Locator token = dialog.getByLabel("Registration token");
      assertThat(token).hasText(Pattern.compile("^psa_\\S{40,}$"));
      String minted = token.textContent();
      Locator commands = dialog.getByLabel("Install commands");
      assertThat(commands).containsText("--from-literal=token='" + minted + "'");
      assertThat(commands).containsText("helm install agent deploy/helm/periscope-agent");
      assertThat(commands).containsText("--set agent.clusterName=" + DemoEstate.EDGE);
      // The demo's tunnel listens on loopback on an ephemeral port; the line names it.
      assertThat(commands).containsText(Pattern.compile("--set agent\\.serverUrl=https://127\\.0\\.0\\.1:\\d+"));
      Browser.screenshot(page, "agents-token");

      dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy token")).click();
      assertThat(dialog.getByText("Copied")).isVisible();
      assertThat((String) page.evaluate("navigator.clipboard.readText()")).isEqualTo(minted);

      dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Done")).click();
      assertThat(page.getByText(minted)).hasCount(0);

      page.navigate(Console.url("/audit?verb=agent_token_mint&cluster=" + DemoEstate.EDGE));
      assertThat(page.getByText(DemoEstate.EDGE + " · agent-token").first()).isVisible();
      assertThat(page.locator("body")).not().containsText(minted);
    } finally {
      page.context().close();
    }
  }

  @Test
  void theAgentsPageIsNotInTheNavigationOfNonAdmins() {
    Page page = Console.developer(false);
    try {
      assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit"))).isVisible();
      assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
          .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Agents"))).hasCount(0);
      page.navigate(Console.url("/agents"));
      assertThat(page.getByText("Agents are administered by admins")).isVisible();
    } finally {
      page.context().close();
    }
  }
}
