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
 * CORS grants, or the pod's own security policy), and the sandbox the page is served in.
 */
final class ProxiedRequest {
  /** An opaque origin: scripts run, but cannot read Periscope's cookies or call its API with them. */
  static final String SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";
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
      } else if (!DROPPED_FROM_POD.contains(lower) && !lower.startsWith("access-control-") && !lower.startsWith("proxy-")) {
        ctx.res().addHeader(h.name(), h.value());
      }
    }
    ctx.header("Content-Security-Policy", SANDBOX);
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
