package io.periscope.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pod's Logs tab holding the most it keeps, 50,000 lines, in a real browser: the demo's pods log a few dozen lines (its
 * chatty loki-gateway about 7,000), so the log request is answered here (Playwright's route) with 50,000 lines over two
 * days; everything else is the real server. Only a window of rows is in the DOM, a wrapped line is measured (the next
 * row starts below it), a search steps to a match far above, visible text copies line by line, and the view is saved for
 * people to look at.
 */
@ExtendWith(Console.class)
class LogViewE2ETest {
  private static final int LINES = 50_000;
  private static final int WRAPPED = LINES - 8;
  private static final Instant FIRST = Instant.parse("2026-12-05T20:00:00Z");

  @ParameterizedTest(name = "dark={0}")
  @ValueSource(booleans = {false, true})
  void fiftyThousandLinesDrawAWindowOfRowsThatWrapSearchAndCopy(boolean dark) {
    String theme = dark ? "dark" : "light";
    Page page = Console.signIn("sam", List.of("sre-oncall"), dark);
    try {
      String body = chattyLog();
      page.route(Pattern.compile(".*/api/clusters/prod-us-east-1/pods/payments/[^/]+/logs\\?.*"),
          route -> route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/x-ndjson").setBody(body)));
      page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?ns=payments"));
      page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api-")).first().click();
      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("logs")).click();
      Locator log = page.getByLabel(Pattern.compile("^Log of payments-api-"));
      long opened = System.nanoTime();
      assertThat(log).containsText("request 49999 served");
      long shown = (System.nanoTime() - opened) / 1_000_000;
      int drawn = log.locator("[data-seq]").count();
      // Timings for bench/README.md ("A 50,000-line log in the browser"); Playwright's polling makes them coarse.
      System.out.printf("log view (%s): %,d lines, %,d rows in the DOM, the newest shown %,d ms after the tab opened%n", theme, LINES, drawn, shown);

      // The newest line is in view; the DOM holds a window of rows, not 50,000.
      assertThat(log.locator("[data-seq]").filter(new Locator.FilterOptions().setHasText("request 49999 served"))).isInViewport();
      assertThat(drawn).isBetween(20, 200);
      // A wrapped line (a long token, Wrap on) is measured: taller than a line, and the next row starts below it.
      BoundingBox wrapped = log.locator("[data-index]").filter(new Locator.FilterOptions().setHasText("token=")).boundingBox();
      BoundingBox next = log.locator("[data-index]").filter(new Locator.FilterOptions().setHasText("request " + (WRAPPED + 1) + " served")).boundingBox();
      assertThat(wrapped.height).isGreaterThan(40);
      assertThat(next.y).isGreaterThanOrEqualTo(wrapped.y + wrapped.height - 0.5);
      Browser.screenshot(page, "logs-50k-wrap-" + theme);

      // Visible text copies as lines: a selection over drawn rows reads one line per row.
      String copied = (String) log.evaluate("""
          panel => {
            const rows = [...panel.querySelectorAll('[data-index]')].slice(-4, -1)
            const range = document.createRange()
            range.setStartBefore(rows[0])
            range.setEndAfter(rows[2])
            getSelection().removeAllRanges()
            getSelection().addRange(range)
            return getSelection().toString()
          }""");
      assertThat(copied.strip().split("\n")).hasSize(3).allMatch(l -> l.matches("level=info request \\d+ served"));

      long stamping = System.nanoTime();
      page.getByLabel("Timestamps").check();
      assertThat(log.locator("[data-seq] > span[title]").last()).isVisible();
      System.out.printf("log view (%s): Timestamps on in %,d ms%n", theme, (System.nanoTime() - stamping) / 1_000_000);
      // The lines span two days: each time says its date.
      assertThat(log.locator("[data-seq] > span[title]").last()).hasText(Pattern.compile("^[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s*$"));
      // Wrap is in the address: the router applies it as a transition, so the box is checked off once it has.
      page.getByLabel("Wrap").click();
      assertThat(page.getByLabel("Wrap")).not().isChecked();
      // Unwrapped, the long token runs on and the panel scrolls sideways to it.
      assertThat((Boolean) log.evaluate("panel => panel.scrollWidth > panel.clientWidth + 100")).isTrue();
      Browser.screenshot(page, "logs-50k-nowrap-" + theme);

      page.getByPlaceholder("Search…").fill("payment declined");
      Locator status = page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("matching line"));
      assertThat(status).hasText("10 matching lines");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next match")).click();
      assertThat(status).hasText("1 of 10 matching lines");
      assertThat(log.locator("[aria-current]")).containsText("request 1234 payment declined");
      assertThat(log.locator("[aria-current]")).isInViewport();
      page.getByLabel("Context lines").selectOption("5");
      page.getByPlaceholder("Search…").press("Enter");
      assertThat(log.locator("[aria-current]")).containsText("request 6234 payment declined");
      assertThat(log.locator("[aria-current]")).isInViewport();
      Browser.screenshot(page, "logs-50k-search-" + theme);

      // Back to every line: the reader stays where they were until "Latest lines".
      page.getByPlaceholder("Search…").fill("");
      Locator latest = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Latest lines"));
      assertThat(latest).isVisible();
      latest.click();
      assertThat(log.locator("[data-seq]").filter(new Locator.FilterOptions().setHasText("request 49999 served"))).isInViewport();
      assertThat(latest).isHidden();
    } finally {
      page.context().close();
    }
  }

  @Test
  void aFollowedLogStaysOnItsNewestLineAsLinesArriveUntilTheReaderScrollsUp() {
    Page page = Console.signIn("sam", List.of("sre-oncall"), false);
    try {
      page.navigate(Console.url("/clusters/prod-us-east-1/r/core/v1/pods?ns=payments"));
      page.getByRole(AriaRole.GRID).getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("payments-api-")).first().click();
      page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("logs")).click();
      Locator log = page.getByLabel(Pattern.compile("^Log of payments-api-"));
      assertThat(log).containsText("slow upstream");
      assertThat((Boolean) log.evaluate("p => p.scrollHeight > p.clientHeight")).as("the log is taller than its panel").isTrue();

      // The demo's running pods log a line every 3 s: each arrives below, and the panel stays on the newest.
      int before = newest(log);
      page.waitForCondition(() -> newest(log) > before, new Page.WaitForConditionOptions().setTimeout(15_000));
      page.waitForCondition(() -> atBottom(log), new Page.WaitForConditionOptions().setTimeout(5_000));

      // Scrolled up, the reader stays put while lines keep arriving.
      log.hover();
      page.mouse().wheel(0, -5_000);
      Locator latest = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Latest lines"));
      assertThat(latest).isVisible();
      page.waitForCondition(() -> ((Number) log.evaluate("p => p.scrollTop")).intValue() == 0);
      // The next line is not drawn (it is far below the view): the lines' list grows by it.
      int tall = listHeight(log);
      page.waitForCondition(() -> listHeight(log) > tall, new Page.WaitForConditionOptions().setTimeout(15_000));
      assertThat(((Number) log.evaluate("p => p.scrollTop")).intValue()).isZero();

      latest.click();
      page.waitForCondition(() -> atBottom(log), new Page.WaitForConditionOptions().setTimeout(5_000));
      assertThat(latest).isHidden();
    } finally {
      page.context().close();
    }
  }

  /** The seq of the newest line drawn. */
  private static int newest(Locator log) {
    return ((Number) log.evaluate("p => Math.max(-1, ...[...p.querySelectorAll('[data-seq]')].map((r) => Number(r.dataset.seq)))")).intValue();
  }

  /** The height of the list of lines (the virtualizer's total size): it grows with each line, drawn or not. */
  private static int listHeight(Locator log) {
    return ((Number) log.evaluate("p => p.querySelector(':scope > span[style]').offsetHeight")).intValue();
  }

  private static boolean atBottom(Locator log) {
    return (Boolean) log.evaluate("p => p.scrollHeight - p.scrollTop - p.clientHeight < 2");
  }

  /** 50,000 lines two seconds apart (over a day), a declined payment every 5,000th, a long token near the end. */
  private static String chattyLog() {
    StringBuilder out = new StringBuilder(LINES * 130);
    out.append("{\"type\":\"open\",\"pod\":\"p\",\"container\":\"app\"}\n");
    for (int i = 0; i < LINES; i++) {
      String text = i == WRAPPED ? "level=info token=" + "eyJzdHJlYW0iOiJvcmRlcnMiLCJzaGFyZCI6N".repeat(12)
          : i % 5_000 == 1_234 ? "level=warn request " + i + " payment declined" : "level=info request " + i + " served";
      out.append("{\"type\":\"line\",\"pod\":\"p\",\"container\":\"app\",\"time\":\"").append(FIRST.plusSeconds(2L * i))
          .append("\",\"text\":\"").append(text).append("\"}\n");
    }
    return out.toString();
  }
}
