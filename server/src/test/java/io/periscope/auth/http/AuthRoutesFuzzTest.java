package io.periscope.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.periscope.fuzz.FuzzChecks;

/**
 * The login's {@code returnTo} (chosen at login, followed after the IdP answers the callback):
 * whatever was asked for, the redirect stays on Periscope's own origin.
 */
class AuthRoutesFuzzTest {
  @FuzzTest
  void returnTo(byte[] data) {
    String requested = FuzzChecks.text(data);
    String target = AuthRoutes.safeReturnTo(requested);

    assertThat(target).isIn("/", requested);
    // As a browser reads a Location header: tab, CR and LF are removed and '\' counts as '/'.
    String asBrowserReadsIt = target.replaceAll("[\t\r\n]", "").replace('\\', '/');
    assertThat(asBrowserReadsIt).startsWith("/").doesNotStartWith("//");
    assertThat(target.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}
