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

  /** A file of the build: plain segments, none of them {@code .} or {@code ..}. */
  private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+)*");

  /**
   * The files found, each read once. Only hits: the build's files are a fixed set, while the misses
   * are whatever anyone without a session asks for, and remembering those would grow without bound.
   */
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  public static SpaAssets register(RoutesConfig routes) {
    var assets = new SpaAssets();
    routes.get("/*", assets::serve);
    return assets;
  }

  private void serve(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/api/") || path.equals("/api")) {
      ErrorMapper.write(ctx, ErrorCode.NOT_FOUND, "no route for " + ctx.method() + " " + path);
      return;
    }
    String file = path.equals("/") ? "index.html" : path.substring(1);
    Optional<byte[]> body = FILE_NAME.matcher(file).matches() ? load(file) : Optional.empty();
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
    byte[] known = cache.get(file);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = SpaAssets.class.getClassLoader().getResourceAsStream(ROOT + "/" + file)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] read = in.readAllBytes();
      cache.putIfAbsent(file, read);
      return Optional.of(read);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** How many files are held (for the test that misses are not). */
  int held() {
    return cache.size();
  }
}
