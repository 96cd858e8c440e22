package io.periscope.resources.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.AcceptEncoding;
import io.periscope.resources.Discovery;
import io.periscope.resources.KindRules;
import io.periscope.resources.ListQuery;
import io.periscope.resources.ResourceReader;
import io.periscope.resources.Resources;
import java.util.List;
import java.util.Map;

/**
 * Read routes of the generic resource API, one set for every discovered kind:
 * discovery, list, get, YAML, events, related objects. Registers the action and access-review
 * routes too, so {@code PeriscopeApp} wires the feature with one line.
 */
public final class ResourceRoutes {
  static final String KIND = "/api/clusters/{cluster}/resources/{group}/{version}/{plural}";
  static final String OBJECT = KIND + "/{namespace}/{name}";

  private final Discovery discovery;
  private final ResourceReader reader;

  private ResourceRoutes(Resources resources) {
    this.discovery = resources.discovery();
    this.reader = resources.reader();
  }

  public static void register(RoutesConfig routes, Resources resources) {
    var r = new ResourceRoutes(resources);
    routes.get("/api/clusters/{cluster}/discovery", r::discovery);
    routes.get(KIND, r::list);
    routes.get(OBJECT, r::get);
    routes.get(OBJECT + "/yaml", r::yaml);
    routes.get(OBJECT + "/events", r::events);
    routes.get(OBJECT + "/related", r::related);
    ResourceActionRoutes.register(routes, resources);
  }

  private void discovery(Context ctx) {
    CurrentUser.of(ctx);
    ctx.json(DiscoveryAnswer.of(discovery.snapshot(ctx.pathParam("cluster"))));
  }

  private void list(Context ctx) {
    var user = CurrentUser.of(ctx);
    var query = new ListQuery(ctx.queryParam("namespace"), ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"),
        Requests.intParam(ctx, "limit"), ctx.queryParam("continue"), ListQuery.wholeObjects(ctx.queryParam("includeObject")));
    var kind = Requests.kind(ctx, discovery);
    boolean gzipWelcome = AcceptEncoding.allowsGzip(ctx.header("Accept-Encoding"));
    reader.list(user.principal(), ctx.pathParam("cluster"), kind, query, gzipWelcome, (format, length, encoding, fromCache) -> {
      ctx.status(200).contentType("application/json").header("X-Periscope-List-Format", format.name().toLowerCase(java.util.Locale.ROOT));
      ctx.header("X-Periscope-List-Source", fromCache ? "cache" : "apiserver");
      ctx.header("Vary", "Accept-Encoding");
      if (encoding != null) {
        ctx.header("Content-Encoding", encoding);
      }
      if (length >= 0) {
        ctx.res().setContentLengthLong(length);
      }
      return ctx.res().getOutputStream();
    });
  }

  private void get(Context ctx) {
    var user = CurrentUser.of(ctx);
    var address = Requests.address(ctx, discovery);
    if ("yaml".equals(ctx.queryParam("format"))) {
      ctx.contentType("application/yaml").result(reader.yaml(user.principal(), address));
    } else {
      ctx.json(reader.get(user.principal(), address));
    }
  }

  private void yaml(Context ctx) {
    var user = CurrentUser.of(ctx);
    ctx.contentType("application/yaml").result(reader.yaml(user.principal(), Requests.address(ctx, discovery)));
  }

  /** {@code ?include=owned}: also the events of what the object owns (a Deployment's ReplicaSets and pods). */
  private void events(Context ctx) {
    var user = CurrentUser.of(ctx);
    String include = ctx.queryParam("include");
    if (include != null && !include.equals("owned")) {
      throw io.periscope.problem.Problem.badRequest("query parameter 'include' may only be 'owned', got '" + include + "'");
    }
    var address = Requests.address(ctx, discovery);
    var children = include == null ? List.<io.periscope.resources.ResourceKind>of()
        : KindRules.childKinds(discovery.snapshot(address.cluster()), address.kind());
    ctx.json(Map.of("events", reader.events(user.principal(), address, children)));
  }

  private void related(Context ctx) {
    var user = CurrentUser.of(ctx);
    var address = Requests.address(ctx, discovery);
    var children = KindRules.childKinds(discovery.snapshot(address.cluster()), address.kind());
    ctx.json(reader.relations(user.principal(), address, children));
  }
}
