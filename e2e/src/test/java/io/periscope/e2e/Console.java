package io.periscope.e2e;

import com.microsoft.playwright.Page;
import io.periscope.demo.DevServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One development server (demo fleet, dev IdP) and one chromium for the whole e2e run: starting
 * them takes most of a test class's time on two cores. Test classes use {@code @ExtendWith(Console.class)};
 * JUnit closes both when the run ends. Each test signs in with its own browser context (cookies).
 * A failing test leaves screenshots and console logs of its open pages in target/screenshots/failures.
 */
final class Console implements BeforeAllCallback, TestExecutionExceptionHandler {
  private static volatile Running running;

  private record Running(DevServer server, Browser browser) implements AutoCloseable {
    @Override
    public void close() {
      browser.close();
      server.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Playwright's 5 s default proved too tight on a loaded 2-core CI machine (a pre-flight answer
    // and a list render each missed it once); assertions still poll and return as soon as they hold.
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(Running.class, k -> {
      DevServer server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Demo(), Map.of()));
      // The fleet's agent registers and connects in the background; let that finish before the first sign-in.
      try {
        if (!server.fleet().orElseThrow().awaitAgent(java.time.Duration.ofSeconds(60))) {
          throw new IllegalStateException("the demo fleet's agent did not connect within 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      running = new Running(server, new Browser());
      return running;
    }, Running.class);
  }

  /** Captures every open page as it is when the test fails, before its clean-up closes them. */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    if (running != null) {
      running.browser().captureFailure(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
    }
    throw failure;
  }

  static DevServer server() {
    return running.server();
  }

  static String url(String path) {
    return running.server().url().resolve(path).toString();
  }

  /** Signs in through the dev IdP with exactly these groups (see {@link DevLogin}), in a fresh browser profile. */
  static Page signIn(String user, List<String> groups, boolean dark) {
    Page page = running.browser().newPage(dark);
    DevLogin.signIn(page, running.server().url(), user, groups);
    return page;
  }

  /** Signs in to another development server (a test's own), in a fresh profile of the run's chromium. */
  static Page signInTo(DevServer other, String user, List<String> groups) {
    Page page = running.browser().newPage(false);
    DevLogin.signIn(page, other.url(), user, groups);
    return page;
  }

  /** A developer (write tier) and a viewer (read tier), as mapped by dev mode's groupTiers. */
  static Page developer(boolean dark) {
    return signIn("alice", List.of("developers"), dark);
  }

  static Page viewer(boolean dark) {
    return signIn("victor", List.of("viewers"), dark);
  }

  /**
   * Replaces the value after the first {@code key} in the Monaco editor the way a person would:
   * Ctrl+F finds it (and selects it), Escape closes the find widget, End and Ctrl+Shift+Left select
   * the word at the end of that line, typing replaces it.
   */
  /** Confirms, in its dialog, the action a click just asked about (restart, evict, cordon, pause, trigger ask first). */
  static void confirm(Page page, String button) {
    page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG)
        .getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName(button).setExact(true))
        .click();
  }

  static void replaceInEditor(Page page, String key, String value) {
    page.locator(".monaco-editor .view-lines").first().click();
    page.keyboard().press("Control+Home");
    page.keyboard().press("Control+f");
    page.keyboard().type(key);
    page.keyboard().press("Escape");
    page.keyboard().press("End");
    page.keyboard().press("Shift+Control+ArrowLeft");
    page.keyboard().type(value);
  }
}
