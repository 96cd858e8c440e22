package io.periscope.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.function.Supplier;

/** Liveness ({@code /healthz}: the process serves HTTP) and readiness ({@code /readyz}: dependencies usable). */
public final class HealthRoutes {
  private HealthRoutes() {}

  /** @param readiness returns problems; empty means ready */
  public static void register(RoutesConfig routes, Supplier<java.util.List<String>> readiness) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get("/readyz", ctx -> {
      var problems = readiness.get();
      ctx.status(problems.isEmpty() ? 200 : 503).json(Map.of("status", problems.isEmpty() ? "ready" : "not_ready", "problems", problems));
    });
  }
}
