package io.periscope.logs.http;

import io.javalin.http.Context;
import io.periscope.logs.LogOptions;
import io.periscope.problem.Problem;
import java.util.Optional;
import java.util.OptionalInt;

/** Parses and validates the log route's query string; anything malformed is a 400 naming the parameter. */
record LogQuery(LogOptions options, boolean download) {

  static LogQuery parse(Context ctx) {
    Optional<String> container = Optional.ofNullable(ctx.queryParam("container")).filter(s -> !s.isBlank());
    var options = new LogOptions(container, flag(ctx, "follow"), flag(ctx, "previous"),
        count(ctx, "tailLines", 0), count(ctx, "sinceSeconds", 1), flag(ctx, "timestamps"));
    return new LogQuery(options, flag(ctx, "download"));
  }

  static boolean flag(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty() || raw.equals("false") || raw.equals("0")) {
      return false;
    }
    if (raw.equals("true") || raw.equals("1")) {
      return true;
    }
    throw Problem.badRequest("query parameter '" + name + "' must be true or false, got '" + raw + "'");
  }

  private static OptionalInt count(Context ctx, String name, int min) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return OptionalInt.empty();
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw Problem.badRequest("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
    }
    if (value < min) {
      throw Problem.badRequest("query parameter '" + name + "' must be " + (min == 0 ? "0 or more" : "at least " + min)
          + ", got " + value);
    }
    return OptionalInt.of(value);
  }
}
