package io.periscope.auth.http;

import io.javalin.http.Context;
import io.periscope.config.PeriscopeConfig;
import java.time.Duration;
import java.util.Optional;

/** Writes and reads the session cookie: {@code HttpOnly; SameSite=Lax; Path=/}, {@code Secure} unless loopback dev. */
final class SessionCookies {
  private final PeriscopeConfig.Sessions settings;

  SessionCookies(PeriscopeConfig.Sessions settings) {
    this.settings = settings;
  }

  Optional<String> read(Context ctx) {
    return Optional.ofNullable(ctx.cookie(settings.cookieName())).filter(v -> !v.isEmpty());
  }

  void write(Context ctx, String value, Duration maxAge) {
    ctx.res().addHeader("Set-Cookie", settings.cookieName() + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (settings.secureCookie() ? "; Secure" : ""));
  }

  void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", settings.cookieName() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        + (settings.secureCookie() ? "; Secure" : ""));
  }
}
