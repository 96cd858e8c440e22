package io.periscope.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the SPA built into the {@code periscope-web} jar. Hashed files under {@code /assets/}
 * are immutable for a year; {@code index.html} is never cached so a deploy takes effect at once.
 * Unknown non-API paths fall back to {@code index.html} (client-side routing).
 */
public final class SpaAssets {
  private static final String ROOT = "periscope-web";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
      Map.entry("map", "application/json"), Map.entry("wasm", "application/wasm"), Map.entry("txt", "text/plain; charset=utf-8"));

  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  public static void register(RoutesConfig routes) {
    var assets = new SpaAssets();
    routes.get("/*", assets::serve);
  }

  private void serve(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/api/") || path.equals("/api")) {
      ErrorMapper.write(ctx, ErrorCode.NOT_FOUND, "no route for " + ctx.method() + " " + path);
      return;
    }
    String file = path.equals("/") ? "index.html" : path.substring(1);
    Optional<byte[]> body = file.contains("..") ? Optional.empty() : load(file);
    if (body.isEmpty()) {
      if (file.startsWith("assets/")) {
        ErrorMapper.write(ctx, ErrorCode.NOT_FOUND, "no asset " + path);
        return;
      }
      file = "index.html";
      body = load(file);
    }
    if (body.isEmpty()) {
      ErrorMapper.write(ctx, ErrorCode.SPA_MISSING, "the web console is not built into this server; run ./mvnw package");
      return;
    }
    String ext = file.substring(file.lastIndexOf('.') + 1);
    ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream"));
    ctx.header("Cache-Control", file.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.result(body.get());
  }

  private Optional<byte[]> load(String file) {
    return cache.computeIfAbsent(file, f -> {
      try (InputStream in = SpaAssets.class.getClassLoader().getResourceAsStream(ROOT + "/" + f)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }
}
