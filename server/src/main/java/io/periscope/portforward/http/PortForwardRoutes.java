package io.periscope.portforward.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.Session;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.json.Json;
import io.periscope.json.JsonProblems;
import io.periscope.portforward.OpenForward;
import io.periscope.portforward.PortForwards;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /api/clusters/{c}/pods/{ns}/{name}/port-forwards {"port":8080}} opens a forward;
 * {@code GET /api/port-forwards} lists this session's; {@code DELETE /api/port-forwards/{id}} closes one;
 * {@code GET /api/port-forwards/{id}/...} is the pod port, through {@link ProxiedRequest}.
 */
public final class PortForwardRoutes {
  private final PortForwards forwards;

  private PortForwardRoutes(PortForwards forwards) {
    this.forwards = forwards;
  }

  public static void register(RoutesConfig routes, PortForwards forwards) {
    var r = new PortForwardRoutes(forwards);
    routes.post("/api/clusters/{cluster}/pods/{namespace}/{name}/port-forwards", r::open);
    routes.get("/api/port-forwards", r::list);
    routes.delete("/api/port-forwards/{id}", r::close);
    routes.get("/api/port-forwards/{id}", r::proxy);
    routes.get("/api/port-forwards/{id}/<path>", r::proxy);
  }

  private void open(Context ctx) {
    var user = CurrentUser.of(ctx);
    Session session = session(ctx);
    var target = new OpenForward.Target(ctx.pathParam("cluster"), ctx.pathParam("namespace"), ctx.pathParam("name"), port(ctx.body()), user.principal(), session.idHash(),
        RequestIds.of(ctx));
    ctx.status(201).json(forwards.open(target, java.util.Optional.of(session)).view());
  }

  private void list(Context ctx) {
    CurrentUser.of(ctx);
    ctx.json(Map.of("forwards", forwards.ofSession(session(ctx).idHash()).stream().map(OpenForward::view).toList()));
  }

  private void close(Context ctx) {
    CurrentUser.of(ctx);
    forwards.close(forwards.owned(ctx.pathParam("id"), session(ctx).idHash()));
    ctx.json(Map.of("closed", true));
  }

  private void proxy(Context ctx) {
    CurrentUser.of(ctx);
    OpenForward f = forwards.owned(ctx.pathParam("id"), session(ctx).idHash());
    String prefix = f.url();
    String uri = ctx.req().getRequestURI();
    if (!uri.startsWith(prefix)) {
      // /api/port-forwards/{id} without the slash: relative links on the page need it
      ctx.redirect(prefix + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
      return;
    }
    ProxiedRequest.relay(ctx, forwards, f, "/" + uri.substring(prefix.length()));
  }

  private static Session session(Context ctx) {
    return CurrentUser.session(ctx).orElseThrow(() -> Problem.unauthenticated("sign in first: port-forwards belong to a login session"));
  }

  private static int port(String body) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw Problem.badRequest("the request body is not valid: " + JsonProblems.describe(e));
    }
    JsonNode port = json == null ? null : json.get("port");
    if (port == null || !port.canConvertToInt() || !port.isIntegralNumber()) {
      throw new Problem(ErrorCode.INVALID_INPUT, "send {\"port\": N} with the pod's port number (1 to 65535)");
    }
    return port.asInt();
  }
}
