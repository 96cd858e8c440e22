package io.periscope.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's chromium under Playwright (no browser download), screenshots under target/screenshots. */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Path FAILURES = SCREENSHOTS.resolve("failures");
  private static final int CONSOLE_LINES_KEPT = 200;

  /** Open pages and what each printed to its console (newest last), for the failure report. */
  private final Map<Page, java.util.Deque<String>> open = new java.util.LinkedHashMap<>();

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;

  Browser() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (.ci/run does: apt-get install -y chromium)");
    }
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    chromium = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic")));
  }

  /** A fresh browser profile (own cookies), optionally in dark colour scheme. */
  Page newPage(boolean dark) {
    BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(1400, 900)
        .setColorScheme(dark ? com.microsoft.playwright.options.ColorScheme.DARK : com.microsoft.playwright.options.ColorScheme.LIGHT));
    Page page = context.newPage();
    var lines = new java.util.ArrayDeque<String>();
    open.put(page, lines);
    page.onConsoleMessage(m -> keep(lines, m.type() + ": " + m.text()));
    page.onPageError(e -> keep(lines, "pageerror: " + e));
    page.onRequestFailed(r -> keep(lines, "requestfailed: " + r.method() + " " + withoutQuery(r.url()) + " " + r.failure()));
    page.onResponse(r -> {
      if (r.url().contains("/api/")) {
        keep(lines, "response: " + r.status() + " " + r.request().method() + " " + withoutQuery(r.url()));
      }
    });
    page.onClose(closed -> open.remove(closed));
    return page;
  }

  /** Query strings may carry an authorization code or state: never written to the report. */
  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  private static void keep(java.util.Deque<String> lines, String line) {
    lines.addLast(java.time.Instant.now() + " " + line);
    while (lines.size() > CONSOLE_LINES_KEPT) {
      lines.removeFirst();
    }
  }

  /**
   * After a failed test: a full-page screenshot of every open page and its recent console, page
   * errors and API responses, under target/screenshots/failures/{@code <test>-<n>}.{png,log}.
   */
  void captureFailure(String test) {
    int n = 0;
    for (var entry : List.copyOf(open.entrySet())) {
      String base = test + "-" + (++n);
      try {
        Files.createDirectories(FAILURES);
        Files.write(FAILURES.resolve(base + ".log"), List.of("url: " + entry.getKey().url(), String.join("\n", entry.getValue())));
        entry.getKey().screenshot(new Page.ScreenshotOptions().setPath(FAILURES.resolve(base + ".png")).setFullPage(true));
      } catch (java.io.IOException | com.microsoft.playwright.PlaywrightException e) {
        System.err.println("could not capture " + base + ": " + e.getMessage());
      }
    }
  }

  static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    chromium.close();
    playwright.close();
  }
}
