package io.periscope.logs.http;

import io.javalin.http.Context;
import io.periscope.logs.LogOptions;
import io.periscope.problem.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Parses and validates the log route's query string; anything malformed is a 400 naming the parameter. */
record LogQuery(LogOptions options, boolean download) {
  /** RFC 3339 as the apiserver reads it: seconds always, a fraction of up to nine digits, {@code Z} or an offset. */
  private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  static LogQuery parse(Context ctx) {
    Optional<String> container = Optional.ofNullable(ctx.queryParam("container")).filter(s -> !s.isBlank());
    OptionalInt sinceSeconds = count(ctx, "sinceSeconds", 1);
    Optional<Instant> sinceTime = time(ctx, "sinceTime");
    if (sinceSeconds.isPresent() && sinceTime.isPresent()) {
      throw Problem.badRequest("query parameters 'sinceSeconds' and 'sinceTime' exclude each other: give one of them");
    }
    var options = new LogOptions(container, flag(ctx, "follow"), flag(ctx, "previous"),
        tailLines(ctx), sinceSeconds, sinceTime, bytes(ctx, "limitBytes"), flag(ctx, "timestamps"));
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

  private static OptionalInt tailLines(Context ctx) {
    OptionalInt n = count(ctx, "tailLines", 0);
    if (n.isPresent() && n.getAsInt() > LogOptions.MAX_TAIL_LINES) {
      throw Problem.badRequest("query parameter 'tailLines' must be at most " + LogOptions.MAX_TAIL_LINES + ", got " + n.getAsInt()
          + "; for the whole log, download it (download=true without tailLines)");
    }
    return n;
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

  private static Optional<Instant> time(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    if (RFC3339.matcher(raw).matches()) {
      try {
        return Optional.of(OffsetDateTime.parse(raw).toInstant());
      } catch (DateTimeParseException e) {
        // a well-shaped but impossible date (2026-02-30...): refused below
      }
    }
    throw Problem.badRequest("query parameter '" + name + "' must be an RFC 3339 time such as 2026-11-20T08:00:00Z, got '" + raw + "'");
  }

  private static OptionalLong bytes(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return OptionalLong.empty();
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw Problem.badRequest("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
    }
    if (value < 1) {
      throw Problem.badRequest("query parameter '" + name + "' must be at least 1, got " + value);
    }
    return OptionalLong.of(value);
  }
}
