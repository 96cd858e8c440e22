package io.periscope.e2e;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs in through dev mode's identity provider the way a person does: open the console, which
 * redirects to the IdP's form, type a user name, tick exactly the listed groups (groups the form
 * has no box for go into its "other groups" field) and wait for the console's navigation.
 */
final class DevLogin {
  private DevLogin() {}

  static void signIn(Page page, URI console, String user, List<String> groups) {
    page.navigate(console.toString());
    page.waitForSelector("#username");
    page.fill("#username", user);
    List<String> unticked = new ArrayList<>(groups);
    for (var box : page.querySelectorAll("input[name=group]")) {
      String group = box.getAttribute("value");
      unticked.remove(group);
      if (box.isChecked() != groups.contains(group)) {
        box.click();
      }
    }
    page.fill("#extra", String.join(", ", unticked));
    page.click("button[type=submit]");
    page.waitForURL(console + "**");
    page.waitForSelector("nav[aria-label=Main]");
  }
}
