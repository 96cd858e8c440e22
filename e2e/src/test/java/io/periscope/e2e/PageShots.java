package io.periscope.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Screenshots of any console page, light and dark, against a running development server
 * ({@code ./periscope}): signs in through its IdP like {@link Console}, opens each path, waits until
 * no skeleton or spinner is left, clicks the {@code --click} selectors in order (a dialog, a form)
 * and saves {@code <dir>/<path as a file name>-{light,dark}.png}.
 * Not a test: a tool for looking at pages (usage in web/README.md "Looking at pages").
 *
 * <pre>PageShots [--base http://127.0.0.1:8080] [--user sam] [--groups developers,leads] [--click SELECTOR]... PATH...</pre>
 */
public final class PageShots {
  private static final double SETTLE_TIMEOUT_MS = 30_000;

  private PageShots() {}

  public static void main(String[] args) throws Exception {
    var options = Options.parse(args);
    Path dir = Path.of(System.getProperty("pageShots.dir", "target/screenshots/pages"));
    Files.createDirectories(dir);
    try (var browser = new Browser()) {
      for (boolean dark : new boolean[] {false, true}) {
        Page page = browser.newPage(dark);
        DevLogin.signIn(page, options.base(), options.user(), options.groups());
        for (String path : options.paths()) {
          page.navigate(options.base().resolve(path).toString());
          settle(page);
          for (String selector : options.clicks()) {
            page.click(selector);
            settle(page);
          }
          Path file = dir.resolve(fileName(path) + (dark ? "-dark" : "-light") + ".png");
          showWholeMain(page);
          page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setAnimations(ScreenshotAnimations.DISABLED));
          System.out.println(file.toAbsolutePath());
        }
        page.context().close();
      }
    }
  }

  /**
   * The console's main area scrolls inside a window-high shell, so a full-page shot would stop at the
   * window's bottom: grow the window to the main area's whole height first (back to 900 px for the next page).
   */
  private static void showWholeMain(Page page) {
    page.setViewportSize(1400, 900);
    Number hidden = (Number) page.evaluate("() => { const m = document.querySelector('main'); return m ? m.scrollHeight - m.clientHeight : 0 }");
    if (hidden.intValue() > 0) {
      page.setViewportSize(1400, Math.min(900 + hidden.intValue(), 12_000));
    }
  }

  /** Waits until no skeleton or spinner is left (the Live badge's dot pulses for as long as the stream is open). */
  private static void settle(Page page) {
    page.waitForFunction("() => !document.querySelector('.animate-pulse:not([data-live-dot]), .animate-spin')", null,
        new Page.WaitForFunctionOptions().setTimeout(SETTLE_TIMEOUT_MS));
  }

  /** {@code /clusters/demo/r/core/v1/pods?ns=shop} → {@code clusters_demo_r_core_v1_pods_ns_shop}; {@code /} → {@code fleet}. */
  static String fileName(String path) {
    String name = path.replaceAll("[^A-Za-z0-9.-]+", "_").replaceAll("^_+|_+$", "");
    return name.isEmpty() ? "fleet" : name;
  }

  private record Options(URI base, String user, List<String> groups, List<String> clicks, List<String> paths) {
    static Options parse(String[] args) {
      URI base = URI.create("http://127.0.0.1:8080/");
      String user = "sam";
      List<String> groups = List.of("developers");
      List<String> clicks = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--base" -> base = URI.create(value(args, ++i).replaceAll("/*$", "/"));
          case "--user" -> user = value(args, ++i);
          case "--click" -> clicks.add(value(args, ++i));
          case "--groups" -> groups = Arrays.stream(value(args, ++i).split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList();
          default -> {
            if (!args[i].startsWith("/")) {
              throw new IllegalArgumentException("unknown option or not a path (paths start with /): " + args[i]);
            }
            paths.add(args[i]);
          }
        }
      }
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("name at least one page path, e.g. / or /helm?cluster=demo");
      }
      return new Options(base, user, groups, clicks, paths);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }
}
