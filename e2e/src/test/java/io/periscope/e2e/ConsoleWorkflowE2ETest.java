package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.demo.cluster.DemoEstate;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance path of the console in a real browser, as one developer ("dana", write tier) in
 * one session, in order: list pods, read a pod's log, run {@code echo hi} in its shell, edit a
 * Deployment's replicas in YAML (diff, apply) and watch the list follow live; then a viewer sees
 * the same actions disabled with the reason; finally dana finds her actions on the audit page and
 * exports them. The steps share state on purpose: the audit step looks for what the others did.
 */
@ExtendWith(Console.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleWorkflowE2ETest {
  private static final String POD_LIST = "/clusters/prod-us-east-1/r/core/v1/pods";
  private static final String DEPLOYMENTS = "/clusters/prod-us-east-1/r/apps/v1/deployments";
  private static Page page;
  private static String podName;

  @BeforeAll
  static void signIn() {
    page = Console.signIn("dana", List.of("developers"), false);
  }

  @AfterAll
  static void close() {
    page.context().close();
  }

  private static Locator grid() {
    return page.getByRole(AriaRole.GRID);
  }

  private static Locator row(String text) {
    return grid().getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(text));
  }

  @Test
  @Order(1)
  void listsPods() {
    page.navigate(Console.url(POD_LIST + "?ns=payments"));
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Pods"))).isVisible();
    Locator payments = row("payments-api-");
    assertThat(payments).hasCount(3);
    assertThat(row("ledger-worker-").first()).isVisible();
    assertThat(page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible();
    podName = payments.first().getByRole(AriaRole.GRIDCELL).first().innerText().strip();
    assertThat(podName).startsWith("payments-api-");
  }

  @Test
  @Order(2)
  void opensThePodsLogAndSeesLines() {
    row(podName).click();
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("logs")).click();
    Locator log = page.getByLabel("Log of " + podName);
    assertThat(log).containsText("starting payments-api");
    assertThat(log).containsText("path=/api/v1/orders status=200");
    assertThat(page.getByLabel("Previous instance")).isDisabled(); // it never restarted
    assertThat(page).hasURL(Pattern.compile("tab=logs"));
  }

  @Test
  @Order(3)
  void opensAShellAndRunsEcho() {
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("exec")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect")).click();
    assertThat(page.getByText("open", new Page.GetByTextOptions().setExact(true))).isVisible();
    Locator terminal = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Terminal in " + podName));
    assertThat(terminal).containsText("demo shell in " + podName);
    terminal.click();
    page.keyboard().type("echo hi");
    page.keyboard().press("Enter");
    // The output line is exactly "hi" (the echoed command line is "$ echo hi").
    assertThat(terminal.locator(".xterm-rows > div").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^\\s*hi\\s*$"))))
        .hasCount(1);
    Browser.screenshot(page, "exec-light");
    page.keyboard().type("exit");
    page.keyboard().press("Enter");
    assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Session closed"))).containsText("the shell ended");
  }

  @Test
  @Order(4)
  void editsDeploymentReplicasSeesTheDiffAppliesAndTheListFollowsLive() throws IOException {
    page.navigate(Console.url(DEPLOYMENTS + "?ns=payments&sel=payments%2Fpayments-api&tab=yaml"));
    Locator apiRow = row("payments-api");
    assertThat(apiRow).containsText("3/3");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit")).click();
    Locator editor = page.locator(".monaco-editor").first();
    assertThat(editor.locator(".view-lines")).containsText("replicas: 3");
    Console.replaceInEditor(page, "replicas: ", "5"); // spec comes before status
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dry run")).click();
    // payments-api is autoscaled: its HPA (kube-controller-manager) owns spec.replicas, so the dry run lists that
    // owner, and a forced dry run shows the diff before the forced apply takes the field.
    Locator conflict = page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("Other field managers own these fields"));
    assertThat(conflict).containsText("kube-controller-manager");
    Browser.screenshot(page, "yaml-conflict-light");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dry run with force")).click();
    Locator diff = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Dry-run result"));
    assertThat(diff).containsText("/spec/replicas");
    assertThat(diff).containsText("5");
    Browser.screenshot(page, "yaml-diff-light");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Force apply")).click();
    assertThat(page.getByText("Applied (field manager periscope).")).isVisible();
    // The demo's controllers follow an apply as they follow a scale: the two new pods start and the list says so live.
    assertThat(apiRow).containsText("5/5");

    // A change made outside this browser arrives through the live stream, without a reload: a scale through the
    // scale subresource (fabric8's scale: a GET and a PUT of the Scale), which the demo's pods follow.
    try (KubernetesClient admin = demoAdmin()) {
      admin.apps().deployments().inNamespace("payments").withName("payments-api").scale(7);
      assertThat(apiRow).containsText("7/7");
      assertThat(page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible();
      // Back to the three pods it was seeded with, which other tests count.
      admin.apps().deployments().inNamespace("payments").withName("payments-api").scale(3);
    }
    assertThat(apiRow).containsText("3/3");
  }

  @Test
  @Order(5)
  void aViewerSeesTheForbiddenActionsDisabledWithTheReason() {
    Page viewer = Console.viewer(false);
    try {
      viewer.navigate(Console.url(DEPLOYMENTS + "?ns=payments&sel=payments%2Fpayments-api"));
      Locator scale = viewer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale"));
      assertThat(scale).isDisabled();
      assertThat(scale.locator("xpath=..")).hasAttribute("title", Pattern.compile("Your role doesn't allow scaling deployments here: .*read tier"));
      assertThat(viewer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete"))).isDisabled();
      viewer.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("YAML")).click();
      Locator edit = viewer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit"));
      assertThat(edit).isDisabled();
      assertThat(edit).hasAttribute("title", Pattern.compile("Your role doesn't allow editing deployments"));
      // Said beside the button too, where a keyboard reaches it (a disabled button takes no focus).
      Locator why = viewer.getByTestId("refused-actions").filter(new Locator.FilterOptions().setHasText("editing deployments"));
      why.locator("summary").click();
      assertThat(why.locator("li")).isVisible();

      // The developer's own view of the same Deployment has them enabled.
      page.navigate(Console.url(DEPLOYMENTS + "?ns=payments&sel=payments%2Fpayments-api"));
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Scale"))).isEnabled();
      Browser.screenshot(viewer, "actions-disabled-viewer-light");
    } finally {
      viewer.context().close();
    }
  }

  @Test
  @Order(6)
  void findsTheActionsOnTheAuditPageAndExportsThem() throws IOException {
    page.navigate(Console.url("/audit"));
    Locator events = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Audit events"));
    Locator apply = events.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("apply")).filter(new Locator.FilterOptions().setHasText("payments-api"));
    assertThat(apply.first()).isVisible();
    assertThat(events.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("exec")).first()).containsText(podName);
    assertThat(events.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("log_open")).first()).containsText(podName);
    // The verb column shows the longest verb whole (it was cut to "aws_identity…" at 7.5rem).
    Object cutOff = events.locator("[role=row] [role=gridcell]:nth-child(3)").first().evaluate("""
        cell => {
          const shown = cell.textContent;
          cell.textContent = 'agent_certificate_revoke';
          const cut = cell.scrollWidth > cell.clientWidth;
          cell.textContent = shown;
          return cut;
        }""");
    assertThat(cutOff).isEqualTo(false);
    Browser.screenshot(page, "audit-light");

    Download csv = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("CSV")).click());
    String csvText = Files.readString(csv.path());
    List<String> lines = csvText.lines().toList();
    assertThat(lines.getFirst()).startsWith("id,time,requestId,actorSub,actorEmail,actorGroups,verb,cluster,namespace,resource,name,outcome");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",apply,prod-us-east-1,payments,deployments.apps,payments-api,success"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",exec,prod-us-east-1,payments,pods," + podName + ",success"));

    Download ndjson = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("NDJSON")).click());
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = Files.readString(ndjson.path()).lines().filter(l -> !l.isBlank()).map(l -> {
      try {
        return json.readTree(l);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
    assertThat(rows).allSatisfy(r -> assertThat(r.at("/actor/sub").asText()).isNotEmpty());
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.get("verb").asText()).isEqualTo("apply");
      assertThat(r.at("/target/name").asText()).isEqualTo("payments-api");
      assertThat(r.at("/extra/dryRun").asBoolean()).isFalse();
    });
    assertThat(rows).anySatisfy(r -> assertThat(r.get("verb").asText()).isEqualTo("exec"));
  }

  /** The production apiserver as its administrator (no impersonation), like someone using kubectl. */
  private static KubernetesClient demoAdmin() {
    return Console.server().fleet().orElseThrow().adminClient(DemoEstate.PRODUCTION);
  }
}
