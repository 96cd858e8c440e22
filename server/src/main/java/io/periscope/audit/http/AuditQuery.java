package io.periscope.audit.http;

import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.problem.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses and validates audit query parameters into a filter. Every parameter is optional; an
 * unknown or repeated parameter, a bad value or a reversed time range is a 400 naming it.
 */
final class AuditQuery {
  static final Set<String> FILTER_PARAMS = Set.of("actor", "verb", "changes", "cluster", "namespace", "resource", "name", "outcome", "from", "to", "q");
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_TEXT = 200;

  private final Map<String, List<String>> params;

  private AuditQuery(Map<String, List<String>> params, Set<String> allowed) {
    this.params = params;
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      if (!allowed.contains(p.getKey())) {
        throw Problem.badRequest("unknown query parameter '" + p.getKey() + "'; allowed: "
            + allowed.stream().sorted().collect(Collectors.joining(", ")));
      }
      if (p.getValue().size() > 1) {
        throw Problem.badRequest("query parameter '" + p.getKey() + "' given " + p.getValue().size() + " times; give it once");
      }
    }
  }

  static AuditQuery of(Map<String, List<String>> params, Set<String> extraAllowed) {
    Set<String> allowed = new java.util.HashSet<>(FILTER_PARAMS);
    allowed.addAll(extraAllowed);
    return new AuditQuery(params, allowed);
  }

  Optional<String> get(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst()).filter(v -> !v.isBlank());
  }

  AuditFilter filter() {
    Optional<Instant> from = get("from").map(v -> instant("from", v));
    Optional<Instant> to = get("to").map(v -> instant("to", v));
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw Problem.badRequest("time range is reversed: from " + from.get() + " is after to " + to.get());
    }
    Optional<String> text = get("q");
    if (text.isPresent() && text.get().length() > MAX_TEXT) {
      throw Problem.badRequest("q is " + text.get().length() + " characters; at most " + MAX_TEXT + " allowed");
    }
    if (text.isPresent() && text.get().codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw Problem.badRequest("q must contain at least one letter or digit");
    }
    // the read scope (ownSub) is never a parameter: ReadScope sets it from the session
    return new AuditFilter(get("actor").map(String::strip), verbs(), get("cluster"), get("namespace"),
        get("resource"), get("name"), get("outcome").map(AuditQuery::outcome), from, to, text, Optional.empty());
  }

  /** {@code verb} (one) or {@code changes=true} (the verbs whose kind is a change or privileged access); none: every verb. */
  private Set<Verb> verbs() {
    Optional<Verb> verb = get("verb").map(AuditQuery::verb);
    boolean changes = get("changes").map(AuditQuery::changes).orElse(false);
    if (verb.isPresent() && changes) {
      throw Problem.badRequest("give verb or changes=true, not both: changes=true already names its verbs (GET /api/audit/verbs)");
    }
    return changes ? Verb.changes() : verb.map(Set::of).orElse(Set.of());
  }

  int limit() {
    Optional<String> raw = get("limit");
    if (raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.get());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + raw.get() + "'");
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw Problem.badRequest(name + " must be an ISO-8601 time such as 2026-03-01T10:00:00Z, got '" + value + "'");
      }
    }
  }

  private static Verb verb(String value) {
    return Verb.parse(value).orElseThrow(() -> Problem.badRequest("unknown verb '" + value + "'; known verbs: "
        + Arrays.stream(Verb.values()).map(Verb::wireName).collect(Collectors.joining(", "))));
  }

  private static boolean changes(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.badRequest("changes must be true or false, got '" + value + "'");
    };
  }

  private static Outcome outcome(String value) {
    return Arrays.stream(Outcome.values()).filter(o -> o.wireName().equals(value.toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> Problem.badRequest("unknown outcome '" + value + "'; use success, failure or denied"));
  }
}
