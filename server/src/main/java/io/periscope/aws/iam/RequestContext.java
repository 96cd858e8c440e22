package io.periscope.aws.iam;

import io.periscope.problem.Printable;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request a policy question is asked for, as condition keys and their values (e.g.
 * {@code aws:SourceVpc → [vpc-0abc]}, {@code aws:PrincipalTag/team → [payments]}). Keys are
 * case-insensitive, as in IAM. Three states per key: stated with values; stated absent (an empty
 * list: the request carries no such key); not stated (unknown — a condition that needs it stays
 * conditional, never guessed).
 */
public record RequestContext(Map<String, List<String>> values) {
  /** No request stated: every condition stays conditional (the upper bound). */
  public static final RequestContext NONE = new RequestContext(Map.of());

  public RequestContext {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    values = java.util.Collections.unmodifiableMap(copy);
  }

  /** The key's values: empty Optional when not stated, an empty list when stated absent. */
  public Optional<List<String>> get(String key) {
    return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
  }

  /** Whether no key is stated. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,32}:[\\p{L}\\p{N} _.:/=+@-]{1,200}");
  private static final int MAX_KEYS = 32;
  private static final int MAX_VALUES = 20;
  private static final int MAX_VALUE_LENGTH = 1024;

  /**
   * A context stated as JSON: an object of condition keys to a string, a list of strings, or
   * {@code null}/{@code []} for a key the request does not carry. Well-known keys are checked:
   * {@code aws:CurrentTime} a date, {@code aws:EpochTime} a number, {@code aws:SourceIp} an IP
   * address, {@code aws:SecureTransport} and other {@code Bool} keys {@code true}/{@code false}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static RequestContext parse(String json) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = io.periscope.json.Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the request context is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the request context must be a JSON object of condition keys to values");
    }
    if (root.size() > MAX_KEYS) {
      throw new IllegalArgumentException("the request context has " + root.size() + " keys (at most " + MAX_KEYS + ")");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (var it = root.fields(); it.hasNext();) {
      var e = it.next();
      String key = e.getKey();
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("'" + Printable.escaped(key) + "' is not a condition key (service:name, e.g. aws:SourceVpc)");
      }
      if (out.containsKey(key.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(key + " is stated twice (condition keys are case-insensitive)");
      }
      List<String> vs = new java.util.ArrayList<>();
      var v = e.getValue();
      if (v.isTextual()) {
        vs.add(v.asText());
      } else if (v.isArray()) {
        for (var x : v) {
          if (!x.isTextual()) {
            throw new IllegalArgumentException(key + ": every value must be a string");
          }
          vs.add(x.asText());
        }
      } else if (!v.isNull()) {
        throw new IllegalArgumentException(key + ": the value must be a string, a list of strings, or null for a key the request does not carry");
      }
      if (vs.size() > MAX_VALUES || vs.stream().anyMatch(x -> x.length() > MAX_VALUE_LENGTH)) {
        throw new IllegalArgumentException(key + ": at most " + MAX_VALUES + " values of at most " + MAX_VALUE_LENGTH + " characters");
      }
      for (String x : vs) {
        check(key.toLowerCase(Locale.ROOT), x);
      }
      out.put(key.toLowerCase(Locale.ROOT), vs);
    }
    return new RequestContext(out);
  }

  private static void check(String key, String value) {
    boolean ok = switch (key) {
      case "aws:currenttime", "aws:tokenissuetime" -> Conditions.instant(value).isPresent();
      case "aws:epochtime", "aws:multifactorauthage" -> value.matches("\\d{1,15}");
      case "aws:sourceip", "aws:vpcsourceip" -> Conditions.literal(value).isPresent();
      case "aws:securetransport", "aws:multifactorauthpresent", "aws:viaawsservice", "aws:principalisawsservice" ->
          value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
      case "aws:sourcevpc" -> value.matches("vpc-[0-9a-f]{1,32}");
      case "aws:sourcevpce" -> value.matches("vpce-[0-9a-f]{1,32}");
      default -> true;
    };
    if (!ok) {
      throw new IllegalArgumentException(key + ": '" + Printable.escaped(value) + "' is not a valid value for this key");
    }
  }

  /**
   * This context with {@code aws:CurrentTime} and {@code aws:EpochTime} taken from {@code clock}
   * when not stated: a stated request happens now. Date conditions never read the wall clock.
   */
  public RequestContext at(Clock clock) {
    Map<String, List<String>> out = new LinkedHashMap<>(values);
    Instant now = clock.instant();
    out.putIfAbsent("aws:currenttime", List.of(now.toString()));
    out.putIfAbsent("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
    return new RequestContext(out);
  }
}
