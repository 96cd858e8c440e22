package io.periscope.portforward.http;

import io.javalin.http.Context;
import io.periscope.portforward.ForwardedHttp;
import io.periscope.portforward.OpenForward;
import io.periscope.portforward.PortForwards;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The browser side of one proxied request: which request headers may reach the pod (never the
 * console's cookie or CSRF token), which response headers may reach the browser (never cookies,
 * CORS grants, or the pod's own security policy), and the script-free sandbox the page is served in.
 */
final class ProxiedRequest {
  /**
   * The pod's page is served from Periscope's origin, so it must never run script there (a script
   * could call the API as the person). A sandbox without {@code allow-scripts} and a CSP without
   * script sources stop all script, forms and plugins; {@code allow-same-origin} keeps the origin, so
   * the browser still sends the session cookie with the page's own stylesheets and images (an opaque
   * origin would make them cross-site, and a SameSite=Lax cookie would stay home).
   */
  static final String POLICY = "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-downloads; "
      + "script-src 'none'; object-src 'none'; worker-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'";
  private static final Set<String> PASSED_TO_POD = Set.of("accept", "accept-language", "accept-encoding", "user-agent",
      "if-none-match", "if-modified-since", "range", "if-range");
  private static final Set<String> DROPPED_FROM_POD = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
      "set-cookie", "set-cookie2", "content-security-policy", "content-security-policy-report-only", "strict-transport-security",
      "x-frame-options", "cache-control", "location", "refresh", "clear-site-data");
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");

  private ProxiedRequest() {}

  static void relay(Context ctx, PortForwards forwards, OpenForward f, String path) {
    String query = ctx.queryString();
    String target = path + (query == null || query.isEmpty() ? "" : "?" + query);
    if (!PATH.matcher(target).matches()) {
      throw Problem.badRequest("the path to forward may contain only visible ASCII characters");
    }
    List<ForwardedHttp.Header> headers = new ArrayList<>();
    for (String name : ctx.headerMap().keySet()) {
      if (PASSED_TO_POD.contains(name.toLowerCase(Locale.ROOT))) {
        headers.add(new ForwardedHttp.Header(name, ctx.header(name)));
      }
    }
    ForwardedHttp.Response r = forwards.send(f, new ForwardedHttp.Request("GET", target, headers));
    ctx.status(r.status());
    for (ForwardedHttp.Header h : r.headers()) {
      String lower = h.name().toLowerCase(Locale.ROOT);
      if (lower.equals("location")) {
        ctx.header("Location", rewriteLocation(h.value(), f));
      } else if (lower.equals("content-type")) {
        ctx.contentType(h.value()); // through Javalin, which would otherwise put its own default in
      } else if (!DROPPED_FROM_POD.contains(lower) && !lower.startsWith("access-control-") && !lower.startsWith("proxy-")) {
        ctx.res().addHeader(h.name(), h.value());
      }
    }
    ctx.header("Content-Security-Policy", POLICY);
    ctx.result(r.body());
  }

  /** A redirect to a path on the pod stays inside the forward; anything else is passed as it is. */
  static String rewriteLocation(String location, OpenForward f) {
    String prefix = f.url();
    String pod = "http://localhost:" + f.target().port();
    if (location.startsWith(pod + "/")) {
      return prefix + location.substring(pod.length() + 1);
    }
    if (location.startsWith("/") && !location.startsWith("//")) {
      return prefix + location.substring(1);
    }
    return location;
  }
}
