package io.periscope.http;

import io.javalin.http.Context;

/**
 * Headers on every response. The CSP allows no third-party origin: scripts, styles, fonts and
 * workers (Monaco, xterm) all come from this server.
 */
public final class SecurityHeaders {
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
      + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

  private SecurityHeaders() {}

  public static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
  }
}
