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
 * no skeleton or spinner is left, clicks the {@code --click} selectors, presses the {@code --press}
 * keys, types the {@code --type} text and prints what each {@code --eval} expression gives, in the order given (a dialog, a form, a keyboard path) and saves
 * {@code <dir>/<path as a file name>[-w<width>]-{light,dark}.png}. {@code --width} narrows the window
 * (default 1400 px) to look for overflow; {@code --light} skips the dark shot.
 * Not a test: a tool for looking at pages (usage in web/README.md "Looking at pages").
 *
 * <pre>PageShots [--base http://127.0.0.1:8080] [--user sam] [--groups developers,leads] [--width 1024] [--light]
 *           [--click SELECTOR | --press KEY | --type TEXT | --eval JS]... PATH...</pre>
 */
public final class PageShots {
  private static final double SETTLE_TIMEOUT_MS = 30_000;
  private static final int DEFAULT_WIDTH = 1400;
  private static final int WINDOW_HEIGHT = 900;

  private PageShots() {}

  public static void main(String[] args) throws Exception {
    var options = Options.parse(args);
    Path dir = Path.of(System.getProperty("pageShots.dir", "target/screenshots/pages"));
    Files.createDirectories(dir);
    try (var browser = new Browser()) {
      for (boolean dark : options.lightOnly() ? new boolean[] {false} : new boolean[] {false, true}) {
        Page page = browser.newPage(dark);
        page.setViewportSize(options.width(), WINDOW_HEIGHT);
        DevLogin.signIn(page, options.base(), options.user(), options.groups());
        for (String path : options.paths()) {
          page.navigate(options.base().resolve(path).toString());
          settle(page);
          for (Action action : options.actions()) {
            switch (action.type()) {
              case CLICK -> page.click(action.value());
              case PRESS -> page.keyboard().press(action.value());
              case TYPE -> page.keyboard().type(action.value());
              case EVAL -> System.out.println(action.value() + " → " + page.evaluate(action.value()));
            }
            settle(page);
          }
          String width = options.width() == DEFAULT_WIDTH ? "" : "-w" + options.width();
          Path file = dir.resolve(fileName(path) + width + (dark ? "-dark" : "-light") + ".png");
          showWholeMain(page, options.width());
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
  private static void showWholeMain(Page page, int width) {
    page.setViewportSize(width, WINDOW_HEIGHT);
    Number hidden = (Number) page.evaluate("() => { const m = document.querySelector('main'); return m ? m.scrollHeight - m.clientHeight : 0 }");
    if (hidden.intValue() > 0) {
      page.setViewportSize(width, Math.min(WINDOW_HEIGHT + hidden.intValue(), 12_000));
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

  /**
   * What an action does: click a selector, press a key (Playwright's names: {@code Control+k}, {@code Escape}, {@code Tab}),
   * type text, or print what a JavaScript expression gives (where the focus is: {@code document.activeElement.outerHTML}).
   */
  private enum ActionType { CLICK, PRESS, TYPE, EVAL }

  private record Action(ActionType type, String value) {}

  private record Options(URI base, String user, List<String> groups, int width, boolean lightOnly, List<Action> actions, List<String> paths) {
    static Options parse(String[] args) {
      URI base = URI.create("http://127.0.0.1:8080/");
      String user = "sam";
      List<String> groups = List.of("developers");
      int width = DEFAULT_WIDTH;
      boolean lightOnly = false;
      List<Action> actions = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--base" -> base = URI.create(value(args, ++i).replaceAll("/*$", "/"));
          case "--user" -> user = value(args, ++i);
          case "--click" -> actions.add(new Action(ActionType.CLICK, value(args, ++i)));
          case "--press" -> actions.add(new Action(ActionType.PRESS, value(args, ++i)));
          case "--type" -> actions.add(new Action(ActionType.TYPE, value(args, ++i)));
          case "--eval" -> actions.add(new Action(ActionType.EVAL, value(args, ++i)));
          case "--width" -> width = width(value(args, ++i));
          case "--light" -> lightOnly = true;
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
      return new Options(base, user, groups, width, lightOnly, actions, paths);
    }

    private static int width(String value) {
      try {
        int width = Integer.parseInt(value);
        if (width >= 320 && width <= 3840) {
          return width;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new IllegalArgumentException("--width takes a window width in pixels from 320 to 3840, not " + value);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }
}
