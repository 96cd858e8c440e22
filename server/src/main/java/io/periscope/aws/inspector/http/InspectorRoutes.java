package io.periscope.aws.inspector.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.aws.inspector.FindingGroups;
import io.periscope.aws.inspector.InspectorEntity;
import io.periscope.aws.inspector.InspectorFindings;
import io.periscope.aws.inspector.Severity;
import io.periscope.http.RequestIds;
import io.periscope.problem.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/clusters/{cluster}/inspector/chips?kind=pods[&namespace=]}: a list's CVE chips;
 * {@code GET .../{kind}/{namespace}/{name}/security} (and {@code .../nodes/{name}/security},
 * {@code .../nodeclaims/{name}/security}): the Security tab, filtered by {@code severity},
 * {@code exploit} and {@code fixable}; {@code POST .../security/refresh}: read it again from Inspector (answers the unfiltered tab).
 */
public final class InspectorRoutes {
  private InspectorRoutes() {}

  public static void register(RoutesConfig routes, InspectorFindings findings) {
    routes.get("/api/clusters/{cluster}/inspector/chips", ctx -> {
      String kind = Optional.ofNullable(ctx.queryParam("kind")).orElseThrow(() -> Problem.badRequest("query parameter 'kind' is required"));
      ctx.json(findings.chips(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"), entity(kind),
          Optional.ofNullable(ctx.queryParam("namespace")).filter(s -> !s.isBlank())));
    });
    for (InspectorEntity kind : InspectorEntity.values()) {
      String path = "/api/clusters/{cluster}/" + kind.plural() + (kind.namespaced() ? "/{namespace}" : "") + "/{name}/security";
      routes.get(path, ctx -> ctx.json(findings.security(CurrentUser.of(ctx).principal(), ctx.pathParam("cluster"), kind,
          namespace(ctx, kind), ctx.pathParam("name"), filter(ctx))));
      routes.post(path + "/refresh", ctx -> ctx.json(findings.refresh(CurrentUser.of(ctx).principal(), RequestIds.of(ctx),
          ctx.pathParam("cluster"), kind, namespace(ctx, kind), ctx.pathParam("name"), FindingGroups.Filter.ALL)));
    }
  }

  private static String namespace(Context ctx, InspectorEntity kind) {
    return kind.namespaced() ? ctx.pathParam("namespace") : "";
  }

  private static InspectorEntity entity(String kind) {
    return InspectorEntity.of(kind).orElseThrow(() -> Problem.badRequest("kind '" + kind + "' has no CVE chips; expected one of "
        + Arrays.stream(InspectorEntity.values()).map(InspectorEntity::plural).toList()));
  }

  /** {@code severity=critical,high}, {@code exploit=true}, {@code fixable=true}; anything else is a 400 naming it. */
  static FindingGroups.Filter filter(Context ctx) {
    String severity = ctx.queryParam("severity");
    Set<Severity> severities = Set.of();
    if (severity != null && !severity.isBlank()) {
      severities = Arrays.stream(severity.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
        try {
          return Severity.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw Problem.badRequest("severity '" + s + "' is not one of critical, high, medium, low, informational, untriaged");
        }
      }).collect(Collectors.toSet());
    }
    return new FindingGroups.Filter(severities, flag(ctx, "exploit"), flag(ctx, "fixable"));
  }

  private static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw Problem.badRequest("query parameter '" + name + "' must be true or false, not '" + v + "'");
  }
}
