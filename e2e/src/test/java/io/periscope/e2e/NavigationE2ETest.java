package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fleet page, the Helm release browser, the command palette and keyboard use of tables and dialogs. */
@ExtendWith(Console.class)
class NavigationE2ETest {
  private static Page page;

  @BeforeAll
  static void signIn() {
    // Write tier: Helm storage is in Secrets, which the read and triage tiers may not list.
    page = Console.signIn("nina", List.of("developers"), false);
  }

  @AfterAll
  static void close() {
    page.context().close();
  }

  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name);
  }

  private static Locator.GetByRoleOptions part(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  @Test
  void fleetShowsTheProductionClusterWithVersionAndCounts() {
    page.navigate(Console.url("/"));
    Locator card = page.getByRole(AriaRole.LIST, named("Clusters")).getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("prod-us-east-1"));
    assertThat(card).containsText("v1.31");
    // Three nodes, one NotReady; pods include CrashLoopBackOff, ImagePullBackOff and Pending ones (DemoEstate.production).
    assertThat(card).containsText("Nodes");
    assertThat(card).containsText("1 not ready");
    assertThat(card).containsText("failing");
    // Nine Warning events are seeded (BackOff, Failed image pull, FailedScheduling, NodeNotReady, BackoffLimitExceeded,
    // and Karpenter's FailedScheduling for its four pending pods).
    assertThat(card).containsText(java.util.regex.Pattern.compile("Warnings\\s*9"));
  }

  @Test
  void helmReleasesOfEveryClusterThenOneReleasesHistoryValuesAndARevisionDiff() {
    page.navigate(Console.url("/helm"));
    Locator fleet = page.getByRole(AriaRole.TABLE, named("Helm releases of every cluster"));
    Locator onProd = fleet.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("prod-us-east-1"))
        .filter(new Locator.FilterOptions().setHasText("grafana"));
    assertThat(onProd).containsText("8.6.4");
    assertThat(onProd).containsText("deployed");
    onProd.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("grafana")).click();
    assertThat(page).hasURL(Pattern.compile("/helm\\?cluster=prod-us-east-1&sel=monitoring%2Fgrafana"));
    Locator releases = page.getByRole(AriaRole.TABLE).first();
    Locator grafana = releases.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("grafana"));
    assertThat(grafana).containsText("grafana-8.6.4");
    Locator release = page.getByRole(AriaRole.REGION, named("Release grafana"));
    assertThat(release.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("superseded"))).containsText("grafana-8.5.1");

    release.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("values")).click();
    assertThat(release.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("User-supplied values"))).containsText("tag: 11.3.0");

    release.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName("diff")).click();
    assertThat(page).hasURL(Pattern.compile("tab=diff"));
    Locator values = release.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Values"));
    assertThat(values.locator("[data-kind=remove]").filter(new Locator.FilterOptions().setHasText("tag: 11.2.0"))).hasCount(1);
    assertThat(values.locator("[data-kind=add]").filter(new Locator.FilterOptions().setHasText("tag: 11.3.0"))).hasCount(1);
    // The chart's label on each of its objects (the Deployment, the Service and the ServiceAccount), and the new image.
    Locator added = release.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Manifest")).locator("[data-kind=add]");
    assertThat(added.filter(new Locator.FilterOptions().setHasText("helm.sh/chart: grafana-8.6.4"))).hasCount(3);
    assertThat(added.filter(new Locator.FilterOptions().setHasText("grafana/grafana:11.3.0"))).hasCount(1);
    assertThat(added).hasCount(4);
  }

  @Test
  void paletteJumpsToAKindAndToAnObjectByName() {
    page.navigate(Console.url("/clusters/prod-us-east-1"));
    // The shortcut is live once the shell has rendered.
    assertThat(page.getByRole(AriaRole.NAVIGATION, named("Main"))).containsText("Deployments");
    page.keyboard().press("Control+k");
    Locator palette = page.getByRole(AriaRole.DIALOG, named("Command palette"));
    assertThat(palette).isVisible();
    page.keyboard().type("Deployments");
    palette.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText("Deployments (apps)")).click();
    assertThat(page).hasURL(Pattern.compile("/clusters/prod-us-east-1/r/apps/v1/deployments$"));
    assertThat(page.getByRole(AriaRole.GRID)).containsText("payments-api");
    // In the list, not on <main>: the grid's arrows work at once, from its first row.
    assertThat(page.getByRole(AriaRole.GRID)).isFocused();
    page.keyboard().press("ArrowDown");
    assertThat(page.getByRole(AriaRole.GRID)).hasAttribute("aria-activedescendant", "row-0");

    page.keyboard().press("Control+k");
    page.keyboard().type("ledger-worker");
    palette.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText("deployments · payments")).first().click();
    assertThat(page).hasURL(Pattern.compile("sel=payments%2Fledger-worker"));
    assertThat(page.getByRole(AriaRole.COMPLEMENTARY, named("Deployment ledger-worker"))).isVisible();

    page.keyboard().press("Control+k");
    assertThat(palette.getByRole(AriaRole.GROUP, new Locator.GetByRoleOptions().setName("Recent"))).containsText("ledger-worker");
    page.keyboard().press("Escape");
    assertThat(palette).isHidden();
  }

  @Test
  void theNodesListShowsUsageAsAShareOfAllocatableAndANodeWhatItsPodsRequest() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/nodes"));
    Locator grid = page.getByRole(AriaRole.GRID);
    // No regex metacharacters in these (Playwright hands the pattern to JavaScript, which has no \Q…\E).
    for (String header : List.of("CPU", "CPU %", "Memory", "Memory %")) {
      assertThat(grid.getByRole(AriaRole.COLUMNHEADER).filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + header + "$"))))
          .hasCount(1);
    }
    // A ready node runs pods, so the demo's metrics API has a sample for it and the node reports allocatable.
    Locator ready = grid.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("ip-10-0-1-11"));
    assertThat(ready).containsText(Pattern.compile("\\d+m\\s*\\d+%\\s*\\d+Mi\\s*\\d+%"));

    // Its summary: what its pods request and are limited to, as kubectl describe node prints it.
    ready.click();
    Locator allocated = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.TABLE, new Locator.GetByRoleOptions().setName("Allocated resources"));
    assertThat(allocated.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("cpu"))).containsText(Pattern.compile("\\d+m \\(\\d+%\\)"));
    assertThat(allocated.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("memory"))).containsText(Pattern.compile("\\d+Mi \\(\\d+%\\)"));
    // Cordon is offered on a schedulable node (enabled or not as the person's role allows patching nodes).
    assertThat(page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cordon"))).isVisible();
  }

  @Test
  void anAdministratorCordonsANodeAndTheListSaysSchedulingDisabledThenUncordonsIt() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    try {
      admin.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/nodes?sel=ip-10-0-2-12.ec2.internal"));
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      Locator row = admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("ip-10-0-2-12"));
      pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cordon")).click();
      // On production the dialog opens with Cancel focused; Tab reaches Cordon, and Enter confirms.
      Locator dialog = admin.getByRole(AriaRole.DIALOG);
      assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"))).isFocused();
      admin.keyboard().press("Tab");
      assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cordon").setExact(true))).isFocused();
      admin.keyboard().press("Enter");
      // The node's own answer flips the button; the list follows live (kubectl's Table status).
      assertThat(pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Uncordon"))).isVisible();
      assertThat(pane).containsText("cordoned");
      assertThat(row).containsText("Ready,SchedulingDisabled");

      pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Uncordon")).click();
      Console.confirm(admin, "Uncordon");
      assertThat(pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cordon"))).isVisible();
      assertThat(row).not().containsText("SchedulingDisabled");
    } finally {
      admin.context().close();
    }
  }

  @Test
  void anAdministratorDrainsAStagingNodeAndItsPodsMoveToTheOther() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    String node = "ip-10-20-2-22.us-west-2.compute.internal";
    try {
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/core/v1/nodes?sel=" + node));
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Drain…")).click();
      Locator dialog = admin.getByRole(AriaRole.DIALOG, named("Drain " + node));
      Locator evicted = dialog.getByRole(AriaRole.REGION, part("Pods to evict"));
      // The plan: the node's three application pods, each with its controller.
      assertThat(evicted).containsText("kube-system/coredns-");
      assertThat(evicted).containsText("payments/payments-api-");
      assertThat(evicted).containsText("checkout/checkout-web-");
      assertThat(evicted).containsText("ReplicaSet/");
      // EKS's node agents stay, as kubectl drain --ignore-daemonsets leaves them.
      Locator left = dialog.getByRole(AriaRole.REGION, part("Left on the node"));
      assertThat(left).containsText("kube-system/aws-node-");
      assertThat(left).containsText("kube-system/kube-proxy-");
      assertThat(left).containsText("its DaemonSet runs it on every node");
      Browser.screenshot(admin, "drain-plan");

      dialog.getByRole(AriaRole.BUTTON, part("Drain " + node)).click();
      assertThat(dialog.getByRole(AriaRole.STATUS)).containsText("Drained: 3 of 3 pods gone", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
      assertThat(evicted.getByText("gone", new Locator.GetByTextOptions().setExact(true))).hasCount(3);
      Browser.screenshot(admin, "drain-done");
      dialog.getByRole(AriaRole.BUTTON, part("Close")).click();
      assertThat(dialog).isHidden();

      // Cordoned; only the DaemonSet pods are left on it (the demo's controllers replaced the others on the other node).
      assertThat(pane.getByRole(AriaRole.BUTTON, part("Uncordon"))).isVisible();
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/core/v1/pods?fields=spec.nodeName%3D" + node));
      Locator onNode = admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW);
      assertThat(onNode.filter(new Locator.FilterOptions().setHasText("aws-node-"))).hasCount(1);
      assertThat(onNode.filter(new Locator.FilterOptions().setHasText("kube-proxy-"))).hasCount(1);
      assertThat(onNode.filter(new Locator.FilterOptions().setHasText("coredns-"))).hasCount(0);
      assertThat(onNode.filter(new Locator.FilterOptions().setHasText("checkout-web-"))).hasCount(0);
    } finally {
      // Schedulable again for whoever comes next.
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/core/v1/nodes?sel=" + node));
      Locator uncordon = admin.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.BUTTON, part("Uncordon"));
      uncordon.click();
      Console.confirm(admin, "Uncordon");
      assertThat(admin.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.BUTTON, part("Cordon"))).isVisible();
      admin.context().close();
    }
  }

  @Test
  void anAdministratorForceDeletesAPodStuckTerminatingOnTheLostNode() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    try {
      admin.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?fields=spec.nodeName%3Dip-10-0-3-13.ec2.internal"));
      Locator stuck = admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("checkout-web-"));
      assertThat(stuck).hasCount(1);
      assertThat(stuck).containsText("Terminating");
      String name = stuck.getByRole(AriaRole.GRIDCELL).nth(1).textContent().trim();
      admin.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?sel=checkout%2F" + name));
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      assertThat(pane).containsText("Deleting since");

      pane.getByRole(AriaRole.BUTTON, part("Delete")).click();
      Locator dialog = admin.getByRole(AriaRole.DIALOG, named("Delete " + name));
      assertThat(dialog).containsText("only a forced deletion removes the pod");
      dialog.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("Force: skip graceful termination")).check();
      dialog.getByRole(AriaRole.TEXTBOX).fill(name);
      Browser.screenshot(admin, "force-delete");
      dialog.getByRole(AriaRole.BUTTON, part("Force delete")).click();

      admin.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?fields=spec.nodeName%3Dip-10-0-3-13.ec2.internal"));
      Locator rows = admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW);
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("kube-proxy-"))).hasCount(1);
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("checkout-web-"))).hasCount(0);
    } finally {
      admin.context().close();
    }
  }

  @Test
  void anAdministratorDebugsAPodWithAnEphemeralContainerAndGetsAShellInIt() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    try {
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/core/v1/pods?namespace=payments"));
      admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api-")).first().click();
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      pane.getByRole(AriaRole.TAB, part("exec")).click();
      pane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Debug container…")).click();
      Locator form = pane.getByRole(AriaRole.FORM, part("Debug container"));
      assertThat(form.getByRole(AriaRole.TEXTBOX)).hasValue("busybox:1.36");
      Browser.screenshot(admin, "debug-container");
      form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start")).click();

      Locator terminal = pane.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Terminal in payments-api-"));
      assertThat(terminal).containsText(Pattern.compile("demo shell in payments-api-[a-z0-9-]+/debugger-[a-z0-9]{5}"));
      assertThat(pane.getByRole(AriaRole.COMBOBOX, new Locator.GetByRoleOptions().setName("Container"))).hasValue(Pattern.compile("^debugger-[a-z0-9]{5}$"));
      Browser.screenshot(admin, "debug-shell");

      pane.getByRole(AriaRole.TAB, part("audit")).click();
      Locator audit = pane.getByRole(AriaRole.LIST, part("Audit rows")).getByRole(AriaRole.LISTITEM)
          // the debug row (the shell in the debug container has its own exec rows, which also say "debugger-…")
          .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^\\s*debug"))).first();
      assertThat(audit).containsText("busybox:1.36", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
      assertThat(audit).containsText("sam");
    } finally {
      admin.context().close();
    }
  }

  @Test
  void aDeploymentsLogsTabMergesItsPodsLinesAndAPodsChipHidesItsLines() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/deployments?ns=payments&sel=payments%2Fpayments-api&tab=logs"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane).containsText("Selector app.kubernetes.io/name=payments-api");
    Locator log = pane.getByLabel("Logs of the pods of payments-api");
    // payments-api has three replicas; each has its chip and its lines, and its stream follows while the pod runs.
    Locator chips = pane.locator("button[aria-pressed]");
    assertThat(chips).hasCount(3);
    for (int i = 0; i < 3; i++) {
      assertThat(chips.nth(i)).containsText("streaming");
    }
    assertThat(log).not().containsText("all streams ended");
    List<String> pods = chips.locator("span.font-mono").allTextContents();
    // The panel follows the newest lines and draws only the rows near the view: Home in the log goes up to the first ones.
    log.focus();
    page.keyboard().press("Home");
    for (String pod : pods) {
      assertThat(log).containsText(pod + " │ level=info msg=\"starting payments-api\"");
    }
    Browser.screenshot(page, "workload-logs");

    chips.first().click();
    assertThat(chips.first()).hasAttribute("aria-pressed", "false");
    assertThat(log).not().containsText(pods.getFirst() + " │");
    assertThat(log).containsText(pods.get(1) + " │");
    assertThat(pane.getByRole(AriaRole.LINK, part("Download"))).hasAttribute("href",
        Pattern.compile("/resources/apps/v1/deployments/payments/payments-api/logs\\?.*download=true"));
  }

  @Test
  void aDeploymentsSummaryNamesItsAutoscalerHeldAtItsMaximumAndTheScaleFormWarnsThatItWouldUndoAScale() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/deployments?ns=checkout&sel=checkout%2Fcheckout-web"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane).containsText("Autoscaler");
    assertThat(pane).containsText("1–2 replicas · cpu 94%/60%");
    assertThat(pane).containsText("at maximum");

    pane.getByRole(AriaRole.BUTTON, part("Scale")).click();
    assertThat(pane.getByRole(AriaRole.FORM, part("Scale")).getByRole(AriaRole.NOTE))
        .containsText("HorizontalPodAutoscaler checkout-web sets this count (1–2 on cpu 94%/60%)");
    page.keyboard().press("Escape");

    pane.getByRole(AriaRole.LINK, part("checkout-web")).click();
    assertThat(page).hasURL(Pattern.compile("/r/autoscaling/v2/horizontalpodautoscalers\\?ns=checkout&sel=checkout%2Fcheckout-web$"));
    Locator hpa = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(hpa).containsText("2 current · 2 desired · min 1, max 2");
    assertThat(hpa).containsText("cpu: 94% / 60%");
    assertThat(hpa.getByRole(AriaRole.LINK, part("Deployment checkout-web"))).isVisible();
  }

  @Test
  void aDaemonSetComparedWithStagingDiffersOnlyInItsRegionalImages() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/daemonsets?ns=kube-system&sel=kube-system%2Faws-node&tab=compare"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane.getByRole(AriaRole.COMBOBOX, part("Compare with"))).hasValue("staging-us-west-2");
    Locator diff = pane.getByRole(AriaRole.REGION, part("Differences"));
    // aws-node's three images (its init container's, its own, the network policy agent's) come from each region's registry.
    assertThat(diff.getByRole(AriaRole.HEADING)).hasText("prod-us-east-1 ↔ staging-us-west-2: 3 lines only in prod-us-east-1, 3 only in staging-us-west-2");
    String[] east = {"dkr.ecr.us-east-1.amazonaws.com", "dkr.ecr.us-east-1.amazonaws.com", "dkr.ecr.us-east-1.amazonaws.com"};
    assertThat(diff.locator("[data-op=remove]")).containsText(east);
    assertThat(diff.locator("[data-op=add]")).containsText(java.util.Arrays.stream(east).map(r -> r.replace("us-east-1", "us-west-2")).toArray(String[]::new));

    // A name the other cluster does not have says so.
    pane.getByRole(AriaRole.TEXTBOX, part("Name")).fill("aws-node-canary");
    pane.getByRole(AriaRole.BUTTON, part("Compare")).click();
    assertThat(pane).containsText("There is no DaemonSet kube-system/aws-node-canary in staging-us-west-2");
  }

  @Test
  void aNamespaceComparedWithStagingListsWhatDiffersAndWhatExistsOnOneSideOnly() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/namespaces?sel=payments&tab=compare"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions()
        .setName(Pattern.compile("^payments in prod-us-east-1 ↔ payments in staging-us-west-2: \\d+ differ, \\d+ only in prod-us-east-1")))).isVisible();
    Locator objects = pane.getByRole(AriaRole.LIST, part("Compared objects"));
    Locator api = row(objects, "Deployment", "payments-api");
    assertThat(api).containsText("differs");
    api.getByRole(AriaRole.BUTTON, part("Show the differences of Deployment payments-api")).click();
    assertThat(api.locator("[data-op=remove]").first()).isVisible();
    assertThat(api.getByRole(AriaRole.REGION, part("Differences")).locator("[data-op=add]")).containsText(new String[] {"payments-api:2.15.0-rc3"});
    // The staging cluster has no fraud-scorer: the link opens it where it exists.
    Locator fraud = row(objects, "StatefulSet", "fraud-scorer");
    assertThat(fraud).containsText("only in prod-us-east-1");
    fraud.getByRole(AriaRole.LINK, part("fraud-scorer")).click();
    assertThat(page).hasURL(Pattern.compile("/clusters/prod-us-east-1/r/apps/v1/statefulsets\\?ns=payments&sel=payments%2Ffraud-scorer$"));
  }

  @Test
  void aHelmReleasesDriftTabNamesWhatWasChangedByHandSinceItWasDeployed() {
    page.navigate(Console.url("/helm?cluster=prod-us-east-1&sel=payments%2Fpayments-api&tab=drift"));
    Locator release = page.getByRole(AriaRole.REGION, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Release payments-api"));
    assertThat(release.getByRole(AriaRole.HEADING, part("3 of 5 objects differ from revision 1"))).isVisible();
    Locator fields = release.getByRole(AriaRole.TABLE, part("Fields of Deployment payments-api that differ from the chart"));
    // Chart 2; live 3 as seeded, or what another test scaled it to.
    assertThat(fields.getByRole(AriaRole.ROW).nth(1)).hasText(Pattern.compile("^spec\\.replicas2(?!2$)\\d+$"));
    Locator objects = release.getByRole(AriaRole.LIST, part("Release objects"));
    assertThat(objects.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("payments-api-ingress")))
        .containsText("missing");
    objects.getByRole(AriaRole.LINK, part("payments/payments-api-config")).click();
    assertThat(page).hasURL(Pattern.compile("/clusters/prod-us-east-1/r/core/v1/configmaps\\?ns=payments&sel=payments%2Fpayments-api-config$"));
  }

  @Test
  void aServicesSummaryNamesThePodsItSendsTrafficToAndTheOneThatIsNotReady() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/services?ns=payments&sel=payments%2Fledger-worker"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane.getByText("1 ready · 1 not ready")).isVisible();
    Locator endpoints = pane.getByRole(AriaRole.LIST, part("Endpoints"));
    assertThat(endpoints.getByRole(AriaRole.LISTITEM)).hasCount(2);
    Locator notReady = endpoints.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("not ready"));
    notReady.getByRole(AriaRole.LINK).click();
    assertThat(page).hasURL(Pattern.compile("/clusters/prod-us-east-1/r/core/v1/pods\\?ns=payments&sel=payments%2Fledger-worker-"));
    assertThat(page.getByRole(AriaRole.COMPLEMENTARY)).containsText("CrashLoopBackOff");
  }

  @Test
  void anIngressSummaryListsItsRoutesWithHowManyPodsAreReadyBehindEach() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/networking.k8s.io/v1/ingresses?ns=checkout&sel=checkout%2Fcheckout-web"));
    Locator routes = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.LIST, part("Routes"));
    Locator recommendations = routes.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("shop.example.com/recommendations"));
    assertThat(recommendations).containsText("0 ready · 1 not ready");
    assertThat(routes.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions()
        .setHas(page.getByRole(AriaRole.LINK, new com.microsoft.playwright.Page.GetByRoleOptions().setName("checkout-web:80").setExact(true)))))
        .containsText(Pattern.compile("\\d+ ready"));
    recommendations.getByRole(AriaRole.LINK, part("recommendations:80")).click();
    assertThat(page).hasURL(Pattern.compile("/r/core/v1/services\\?ns=checkout&sel=checkout%2Frecommendations$"));
  }

  @Test
  void aCronJobsSummaryListsItsRecentRunsAndWhyOneFailed() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/batch/v1/cronjobs?ns=payments&sel=payments%2Fsettlement"));
    Locator runs = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.LIST, part("Recent runs"));
    Locator failed = runs.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("failed"));
    assertThat(failed).hasCount(1);
    assertThat(failed).containsText("ledger unreachable");
    // Run times as kubectl prints a Job's duration: the newest run took 60 seconds.
    assertThat(runs.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("succeeded")).first()).containsText("· 60s");
    failed.getByRole(AriaRole.LINK).click();
    assertThat(page).hasURL(Pattern.compile("/r/batch/v1/jobs\\?ns=payments&sel=payments%2Fsettlement-29399880$"));
  }

  @Test
  void theIngresssTlsSecretShowsItsCertificateOnlyWhenAskedAndThatItExpiresSoon() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/networking.k8s.io/v1/ingresses?ns=checkout&sel=checkout%2Fcheckout-web"));
    page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.LIST, part("TLS")).getByRole(AriaRole.LINK, part("shop-example-com-tls")).click();
    assertThat(page).hasURL(Pattern.compile("/r/core/v1/secrets\\?ns=checkout&sel=checkout%2Fshop-example-com-tls$"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    pane.getByRole(AriaRole.BUTTON, part("Read certificate")).click();
    Locator certificate = pane.getByRole(AriaRole.REGION, part("Certificate"));
    assertThat(certificate).containsText("expires in 12 days");
    assertThat(certificate).containsText("shop.example.com, www.shop.example.com");
    assertThat(certificate).containsText("CN=Example Issuing CA R1,O=Example Corp");
    Browser.screenshot(page, "tls-certificate");
  }

  private static Locator row(Locator objects, String kind, String name) {
    return objects.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(kind))
        .filter(new Locator.FilterOptions().setHas(objects.page().getByRole(AriaRole.LINK, new com.microsoft.playwright.Page.GetByRoleOptions().setName(name).setExact(true))));
  }

  @Test
  void aConfigMapsRelatedTabNamesTheWorkloadsThatReadItAndASubPathMountThatNeverUpdates() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/configmaps?ns=payments&sel=payments%2Fpayments-api-config&tab=related"));
    Locator usedBy = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.REGION, part("Used by"));
    assertThat(usedBy.getByRole(AriaRole.LISTITEM)).hasCount(1);
    assertThat(usedBy.getByRole(AriaRole.LISTITEM)).containsText("Deployment/payments-api");
    assertThat(usedBy.getByRole(AriaRole.LISTITEM)).containsText("envFrom in payments-api");

    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/configmaps?ns=monitoring&sel=monitoring%2Fgrafana-dashboards&tab=related"));
    Locator grafana = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.REGION, part("Used by"));
    assertThat(grafana).containsText("subPath mount of volume dashboards in grafana (never updated)");
    grafana.getByRole(AriaRole.LINK, part("Deployment/grafana")).click();
    assertThat(page).hasURL(Pattern.compile("/r/apps/v1/deployments\\?ns=monitoring&sel=monitoring%2Fgrafana$"));
  }

  @Test
  void aCrashLoopingDeploymentsEventsTabShowsItsPodsBackOffNamingThePod() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/deployments?ns=payments&sel=payments%2Fledger-worker&tab=events"));
    Locator pane = page.getByRole(AriaRole.COMPLEMENTARY);
    assertThat(pane.getByRole(AriaRole.CHECKBOX, part("Include its ReplicaSets and pods"))).isChecked();
    Locator backOff = pane.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("BackOff")).first();
    assertThat(backOff).containsText(Pattern.compile("Pod/ledger-worker-[a-z0-9]+-[a-z0-9]+"));

    pane.getByRole(AriaRole.CHECKBOX, part("Include its ReplicaSets and pods")).uncheck();
    assertThat(pane.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("BackOff"))).hasCount(0);
  }

  @Test
  void aNamespacesSummaryShowsItsQuotaNearlySpent() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/namespaces?sel=checkout"));
    Locator quota = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.REGION, part("Quota compute"));
    assertThat(quota.getByRole(AriaRole.LISTITEM)).hasCount(4);
    assertThat(quota.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("pods"))).containsText("19 / 20");
    assertThat(quota.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("requests.cpu"))).containsText("3800m / 4");
  }

  @Test
  void anAdministratorSuspendsACronJobsScheduleAndResumesIt() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    try {
      admin.navigate(Console.url("/clusters/prod-us-east-1/r/batch/v1/cronjobs?sel=payments%2Fsettlement"));
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      Locator row = admin.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("settlement"));
      assertThat(row).containsText("false");

      pane.getByRole(AriaRole.BUTTON, part("Suspend schedule")).click();
      Console.confirm(admin, "Suspend schedule");
      assertThat(pane.getByRole(AriaRole.STATUS)).containsText("Schedule of settlement suspended.");
      assertThat(pane.getByRole(AriaRole.BUTTON, part("Resume schedule"))).isVisible();
      assertThat(pane).containsText("suspended");
      assertThat(row).containsText("true");

      pane.getByRole(AriaRole.BUTTON, part("Resume schedule")).click();
      Console.confirm(admin, "Resume schedule");
      assertThat(pane.getByRole(AriaRole.BUTTON, part("Suspend schedule"))).isVisible();
      assertThat(row).containsText("false");
    } finally {
      admin.context().close();
    }
  }

  @Test
  void aDrainAsksForConsentBeforeEvictingAPodNoControllerOwnsOrItsEmptyDirData() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    String node = "ip-10-0-1-11.ec2.internal";
    try {
      admin.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/nodes?sel=" + node));
      admin.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Drain…")).click();
      Locator dialog = admin.getByRole(AriaRole.DIALOG, named("Drain " + node));
      Locator blocked = dialog.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("Not evicted without your consent"));
      assertThat(blocked).containsText("default/netshoot-debug");
      assertThat(blocked).containsText("no controller manages it");
      assertThat(blocked).containsText("monitoring/grafana-");
      assertThat(blocked).containsText("emptyDir volume storage");
      Locator go = dialog.getByRole(AriaRole.BUTTON, part("Drain " + node));
      assertThat(go).isDisabled();
      Browser.screenshot(admin, "drain-consent");

      dialog.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("no controller manages")).check();
      assertThat(go).isDisabled();
      dialog.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName("emptyDir volumes")).check();
      assertThat(go).isEnabled();
      assertThat(dialog.getByRole(AriaRole.REGION, part("Pods to evict"))).containsText("default/netshoot-debug");
      // payments-api's budget (minAvailable = its replicas) allows no disruption: said before the start.
      assertThat(dialog.getByRole(AriaRole.NOTE).first()).containsText("covered by a PodDisruptionBudget that allows no disruption now (payments/payments-api)");
      assertThat(dialog.getByRole(AriaRole.REGION, part("Pods to evict"))).containsText("waits on PodDisruptionBudget payments-api: no disruption allowed now");
      // Not drained here: the other tests read this node's pods.
      dialog.getByRole(AriaRole.BUTTON, part("Cancel")).click();
      assertThat(dialog).isHidden();
    } finally {
      admin.context().close();
    }
  }

  @Test
  void anAdministratorRollsADeploymentBackToAnEarlierRevision() {
    Page admin = Console.signIn("sam", List.of("sre-admins"), false);
    try {
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/apps/v1/deployments?ns=kube-system&sel=kube-system%2Fcoredns&tab=history"));
      Locator pane = admin.getByRole(AriaRole.COMPLEMENTARY);
      Locator revisions = pane.getByRole(AriaRole.TABLE, part("Revisions"));
      Locator rows = revisions.getByRole(AriaRole.ROW);
      // kubectl rollout history: newest first, the current one marked, each with its image and change cause.
      assertThat(rows).hasCount(4);
      assertThat(rows.nth(1)).containsText("current");
      assertThat(rows.nth(1)).containsText("coredns:v1.11.4");
      assertThat(rows.nth(2)).containsText("deploy-bot: release v1.11.3");
      Browser.screenshot(admin, "deployment-history");

      rows.nth(2).getByRole(AriaRole.BUTTON, part("Roll back to 2")).click();
      Locator confirm = admin.getByRole(AriaRole.DIALOG, named("Roll back coredns"));
      assertThat(confirm).containsText("kubectl rollout undo --to-revision=2");
      confirm.getByRole(AriaRole.BUTTON, part("Roll back to 2")).click();

      assertThat(pane.getByRole(AriaRole.STATUS)).containsText("Rolled back to revision 2's template");
      // The Deployment controller (the demo's) rolled it out: revision 2 came back as revision 4 and is current.
      Locator current = rows.filter(new Locator.FilterOptions().setHasText("current"));
      assertThat(current).containsText("4");
      assertThat(current).containsText("coredns:v1.11.3");
      assertThat(rows).hasCount(4);

      // The object's Audit tab has it under sam's name.
      pane.getByRole(AriaRole.TAB, part("audit")).click();
      Locator audit = pane.getByRole(AriaRole.LIST, part("Audit rows")).getByRole(AriaRole.LISTITEM).first();
      assertThat(audit).containsText("rollback", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
      assertThat(audit).containsText("success");
      assertThat(audit).containsText("sam");
      assertThat(audit).containsText("\"toRevision\":2");

      // A DaemonSet has the tab over its ControllerRevisions: EKS's VPC CNI back one release.
      admin.navigate(Console.url("/clusters/staging-us-west-2/r/apps/v1/daemonsets?ns=kube-system&sel=kube-system%2Faws-node&tab=history"));
      Locator cni = pane.getByRole(AriaRole.TABLE, part("Revisions")).getByRole(AriaRole.ROW);
      assertThat(cni.nth(1)).containsText("amazon-k8s-cni:v1.19.2-eksbuild.1");
      cni.nth(2).getByRole(AriaRole.BUTTON, part("Roll back to 2")).click();
      admin.getByRole(AriaRole.DIALOG, named("Roll back aws-node")).getByRole(AriaRole.BUTTON, part("Roll back to 2")).click();
      assertThat(cni.filter(new Locator.FilterOptions().setHasText("current"))).containsText("amazon-k8s-cni:v1.19.1-eksbuild.1");
    } finally {
      admin.context().close();
    }
  }

  @Test
  void tablesAndDialogsWorkFromTheKeyboard() {
    page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?ns=payments"));
    Locator grid = page.getByRole(AriaRole.GRID);
    assertThat(grid.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api-"))).hasCount(3);
    grid.focus();
    page.keyboard().press("ArrowDown");
    page.keyboard().press("ArrowDown");
    Locator second = grid.locator("[role=row][aria-rowindex='3']");
    assertThat(second).hasAttribute("aria-selected", "true");
    assertThat(grid).hasAttribute("aria-activedescendant", "row-1");
    String name = second.getByRole(AriaRole.GRIDCELL).first().innerText().strip();
    page.keyboard().press("Enter");
    Locator detail = page.getByRole(AriaRole.COMPLEMENTARY, named("Pod " + name));
    assertThat(detail).isVisible();
    // The detail pane takes focus (its heading), so Tab moves through its tabs next.
    assertThat(detail.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName(name))).isFocused();
    page.keyboard().press("Escape");
    assertThat(detail).isHidden();
    assertThat(page).not().hasURL(Pattern.compile("sel="));

    // ? lists the keys; Escape closes the list.
    page.keyboard().press("?");
    Locator keys = page.getByRole(AriaRole.DIALOG, named("Keyboard shortcuts"));
    assertThat(keys).containsText("focus the filter");
    Browser.screenshot(page, "keyboard-shortcuts");
    page.keyboard().press("Escape");
    assertThat(keys).isHidden();

    // A dialog traps focus and Escape closes it, giving focus back.
    page.keyboard().press("Control+k");
    Locator palette = page.getByRole(AriaRole.DIALOG, named("Command palette"));
    Locator input = palette.getByRole(AriaRole.COMBOBOX);
    assertThat(input).isFocused();
    for (int i = 0; i < 4; i++) {
      page.keyboard().press("Tab");
      assertThat(palette.locator(":focus")).hasCount(1);
    }
    page.keyboard().press("Escape");
    assertThat(palette).isHidden();

    // The delete confirmation is modal: focus stays inside, Escape cancels and returns focus to Delete.
    page.navigate(Console.url("/clusters/prod-us-east-1/r/apps/v1/deployments?sel=platform%2Fingress-nginx-controller"));
    Locator delete = page.getByRole(AriaRole.COMPLEMENTARY).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete"));
    assertThat(delete).isEnabled();
    delete.focus();
    page.keyboard().press("Enter");
    Locator confirm = page.getByRole(AriaRole.DIALOG, named("Delete ingress-nginx-controller"));
    assertThat(confirm.getByRole(AriaRole.TEXTBOX)).isFocused();
    for (int i = 0; i < 4; i++) {
      page.keyboard().press("Tab");
      assertThat(confirm.locator(":focus")).hasCount(1);
    }
    page.keyboard().press("Escape");
    assertThat(confirm).isHidden();
    assertThat(delete).isFocused();
  }
}
