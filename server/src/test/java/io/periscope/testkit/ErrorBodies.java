package io.periscope.testkit;

import java.net.http.HttpResponse;
import java.util.List;

/**
 * Every error body any test receives from Periscope is checked here: JSON {@code {code, message,
 * requestId}} written for people, never Java class names, package names or exception types.
 */
public final class ErrorBodies {
  private static final List<String> INTERNALS = List.of("io.periscope", "java.", "Exception", "com.fasterxml", "io.fabric8");

  private ErrorBodies() {}

  public static void check(HttpResponse<String> r) {
    if (r.statusCode() < 400 || r.body() == null) {
      return;
    }
    String body = r.body();
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/json")) {
      throw new AssertionError("error " + r.statusCode() + " for " + r.request().uri() + " is not JSON (" + type + "): " + head(body));
    }
    if (!body.contains("\"code\"") || !body.contains("\"message\"") || !body.contains("\"requestId\"")) {
      throw new AssertionError("error " + r.statusCode() + " for " + r.request().uri() + " lacks code/message/requestId: " + head(body));
    }
    for (String internal : INTERNALS) {
      if (body.contains(internal)) {
        throw new AssertionError("error " + r.statusCode() + " for " + r.request().uri() + " shows internals ('" + internal + "'): "
            + head(body));
      }
    }
  }

  private static String head(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
