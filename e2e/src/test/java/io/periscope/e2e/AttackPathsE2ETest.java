package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.periscope.demo.cluster.DemoEstate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attack paths on the demo's production cluster: the {@code developers} group may exec into platform's pods
 * (RoleBinding platform/developers-debug), deploy-bot's pod runs as platform/deploy-bot, whose IRSA role
 * prod-deploy-bot may {@code iam:PassRole} on every role (nightly-report's pod, on platform/default and its
 * {@code "Action": "*"} role, is a second way there). The path is in the text list and in the graph, and each step
 * explains itself when selected.
 */
@ExtendWith(Console.class)
class AttackPathsE2ETest {
  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void theDevelopersGroupReachesPassRoleThroughExecIntoDeployBot(boolean dark) {
    Page page = Console.developer(dark);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION));
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Attack paths")).click();
      page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Groups")).fill("developers");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show paths")).click();

      // The first AWS page of a run waits for the ServiceAccount index and the roles' IAM reads (cold caches).
      var first = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      Locator results = page.getByTestId("attack-path-results");
      assertThat(results.getByRole(AriaRole.STATUS)).containsText("from group developers", first);
      Locator path = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Paths")).getByRole(AriaRole.LISTITEM)
          .filter(new Locator.FilterOptions().setHasText("RoleBinding platform/developers-debug")).filter(new Locator.FilterOptions()
              .setHasText("→ platform/deploy-bot → prod-deploy-bot → iam:PassRole"));
      assertThat(path).hasCount(1);
      assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Paths"))).containsText(
          "exec into / attach to pods in namespace platform → platform/default → prod-platform-default → iam:PassRole");
      assertThat(path).containsText("Group developers → RoleBinding platform/developers-debug → exec into / attach to pods in namespace platform"
          + " → platform/deploy-bot → prod-deploy-bot → iam:PassRole");
      assertThat(page).hasURL(java.util.regex.Pattern.compile("/clusters/" + DemoEstate.PRODUCTION + "/attack-paths\\?group=developers$"));

      Locator graph = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Attack path graph"));
      Locator exec = graph.locator("[data-edge='cap:EXEC_PODS:platform:[]→sa:platform/deploy-bot']");
      exec.click();
      assertThat(page.getByTestId("edge-explanation")).containsText("runs as platform/deploy-bot; a shell there has its credentials");
      Locator pass = graph.locator("[data-edge='role:arn:aws:iam::123456789012:role/prod-deploy-bot→action:iam:PassRole']");
      pass.focus();
      assertThat(page.getByTestId("edge-explanation")).containsText("prod-deploy-bot allows iam:PassRole on every resource");
      assertThat(page.getByTestId("edge-explanation")).containsText("PassAnyRoleToWorkloads");
      path.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Mark in graph")).click();
      page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Attack paths")).scrollIntoViewIfNeeded();
      Browser.screenshot(page, "attack-paths-" + (dark ? "dark" : "light"));
      path.getByText("Why each step").click();
      assertThat(path).containsText("RoleBinding platform/developers-debug binds Role platform/pod-debugger; its rule «create pods/exec»");
      path.scrollIntoViewIfNeeded();
      Browser.screenshot(page, "attack-paths-list-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  /**
   * At a 1024 px window, with the nav shown, the graph fits its frame with its labels legible and whole: scaled to fit,
   * its 11 px text was about 7 px; drawn at its own size (1,196 px), it needed a sideways scroll to reach the
   * sensitive-action column, the answer, and cut its capability labels short. Its columns narrow and labels wrap.
   */
  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false})
  void theGraphFitsA1024PixelWindowWithItsLabelsWhole(boolean dark) {
    Page page = Console.developer(dark);
    try {
      page.setViewportSize(1024, 900);
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/attack-paths?group=developers"));
      assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))).isVisible();
      Locator graph = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Attack path graph"));
      Locator answer = graph.locator("[data-node='action:secretsmanager:GetSecretValue']");
      assertThat(answer).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
      Object smallest = graph.evaluate("svg => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
          + " return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)) }");
      org.assertj.core.api.Assertions.assertThat(((Number) smallest).doubleValue()).as("the smallest text on screen, px").isGreaterThanOrEqualTo(11);
      Object overflow = page.evaluate("() => { const f = document.querySelector('[data-testid=attack-graph-frame]');"
          + " return [f.scrollWidth - f.clientWidth, document.documentElement.scrollWidth - document.documentElement.clientWidth] }");
      org.assertj.core.api.Assertions.assertThat(overflow).as("sideways overflow of the frame and of the page, px").isEqualTo(java.util.List.of(0, 0));
      Object shown = answer.evaluate("n => { const f = n.closest('[data-testid=attack-graph-frame]').getBoundingClientRect(), r = n.getBoundingClientRect();"
          + " return r.left >= f.left && r.right <= f.right }");
      org.assertj.core.api.Assertions.assertThat(shown).as("the action column within its frame, unscrolled").isEqualTo(true);
      // Every line of every box drawn inside its box (the font's real widths, not the layout's estimate), none cut with …
      Object spill = graph.evaluate("svg => [...svg.querySelectorAll('[data-node]')].flatMap(g => { const box = g.querySelector('rect').getBBox();"
          + " return [...g.querySelectorAll('text')].filter(t => { const b = t.getBBox(); return b.x + b.width > box.x + box.width - 2 || b.y + b.height > box.y + box.height"
          + " || t.textContent.endsWith('…') }).map(t => t.textContent) })");
      org.assertj.core.api.Assertions.assertThat((java.util.List<?>) spill).as("lines spilling out of their box or cut").isEmpty();
      // Each box's lines hold its whole label (its title is the label, then ` · ` and the detail).
      Object partial = graph.evaluate("svg => [...svg.querySelectorAll('[data-node]')].filter(g => { const strip = s => s.replace(/\\s/g, '');"
          + " const label = g.querySelector('title').textContent.split(' · ')[0];"
          + " return strip([...g.querySelectorAll('text')].map(t => t.textContent).join('')) !== strip(label) }).map(g => g.dataset.node)");
      org.assertj.core.api.Assertions.assertThat((java.util.List<?>) partial).as("boxes whose label is not drawn whole").isEmpty();
      Browser.screenshot(page, "attack-paths-1024-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }

  /**
   * An edge reached with the keyboard shows its focus by shape, in both themes: a ring (a band in the text colour, a
   * gap of the card's colour) around a thicker line. It was a lit edge in a slightly other blue, beside the lit edges
   * of its path: told apart by colour alone, and barely.
   */
  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void aFocusedEdgeShowsARingNotOnlyAColour(boolean dark) {
    Page page = Console.developer(dark);
    try {
      page.navigate(Console.url("/clusters/" + DemoEstate.PRODUCTION + "/attack-paths?group=developers"));
      Locator graph = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Attack path graph"));
      Locator pass = graph.locator("[data-edge='role:arn:aws:iam::123456789012:role/prod-deploy-bot→action:iam:PassRole']");
      assertThat(pass).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
      // From the edge before it, by Tab: the keyboard's focus, which :focus-visible draws (a script's or a click's may not).
      pass.evaluate("g => { const all = [...g.ownerSVGElement.querySelectorAll('[data-edge]')]; all[all.indexOf(g) - 1].focus() }");
      page.keyboard().press("Tab");
      assertThat(pass).isFocused();
      // Computed in the page's own colour space (oklch): compared with the hit area's transparent stroke, not spelled.
      String transparent = (String) pass.evaluate("g => getComputedStyle(g.querySelector('path')).stroke");
      Object ring = pass.evaluate("g => { const s = (sel) => getComputedStyle(g.querySelector(sel));"
          + " return [s('[data-focus-ring=band]').stroke, s('[data-focus-ring=gap]').stroke, s('path:last-of-type').strokeWidth] }");
      @SuppressWarnings("unchecked") java.util.List<String> drawn = (java.util.List<String>) ring;
      org.assertj.core.api.Assertions.assertThat(drawn.get(0)).as("the ring's band").isNotEqualTo(transparent).isNotEqualTo(drawn.get(1));
      org.assertj.core.api.Assertions.assertThat(drawn.get(1)).as("the ring's gap").isNotEqualTo(transparent);
      org.assertj.core.api.Assertions.assertThat(drawn.get(2)).as("the focused line's width").isEqualTo("4px");
      // The edge that had the focus before has no ring left.
      Object other = pass.evaluate("g => { const all = [...g.ownerSVGElement.querySelectorAll('[data-edge]')];"
          + " return getComputedStyle(all[all.indexOf(g) - 1].querySelector('[data-focus-ring=band]')).stroke }");
      org.assertj.core.api.Assertions.assertThat(other).isEqualTo(transparent);
      Browser.screenshot(page, "attack-paths-focused-edge-" + (dark ? "dark" : "light"));
    } finally {
      page.context().close();
    }
  }
}
