package io.periscope.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.periscope.problem.Printable;
import io.periscope.problem.Problem;
import java.util.HashSet;
import java.util.Set;

/**
 * Query strings are read strictly before any handler runs: malformed percent-encoding, a
 * parameter given twice, or (on a mutation) a parameter no mutating route takes is a 400 naming
 * the parameter, so nothing is ever silently defaulted and no apiserver call is made.
 */
public final class StrictQuery {
  /** Every query parameter a mutating route reads. */
  static final Set<String> MUTATION_PARAMETERS = Set.of("namespace", "dryRun", "force", "propagationPolicy", "gracePeriodSeconds", "drain", "context");
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private StrictQuery() {}

  public static void check(Context ctx) {
    check(ctx.queryString(), SAFE.contains(ctx.method()));
  }

  /** @throws Problem 400 naming the first offending parameter */
  static void check(String rawQuery, boolean safeMethod) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      String name = wellFormed(rawName) ? decode(rawName) : Printable.escaped(rawName);
      if (!wellFormed(rawName) || !wellFormed(rawValue)) {
        throw Problem.badRequest("query parameter '" + name + "' is not valid percent-encoding (a '%' must be followed by two hex digits)");
      }
      if (!seen.add(name)) {
        throw Problem.badRequest("query parameter '" + name + "' is given more than once; give it once");
      }
      if (!safeMethod && !MUTATION_PARAMETERS.contains(name)) {
        throw Problem.badRequest("unknown query parameter '" + name + "' for this action (accepted: "
            + String.join(", ", MUTATION_PARAMETERS.stream().sorted().toList()) + ")");
      }
    }
  }

  private static boolean wellFormed(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String decode(String raw) {
    try {
      return Printable.escaped(java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Printable.escaped(raw);
    }
  }
}
