package io.periscope.aws.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement's {@code Condition} block evaluated for a {@link RequestContext}, in three values:
 * true, false, or unknown when a key it needs is not stated (or an operator is not one IAM's
 * documentation lists). Operators AND, keys within an operator AND, values of one key OR (the
 * negated operators — {@code StringNotEquals}, {@code NotIpAddress}, ... — NOR). A key stated
 * absent makes a positive operator false and a negated one true; {@code ...IfExists} true;
 * {@code Null} decides on presence. {@code ForAllValues:} holds when every request value matches
 * (also when there are none), {@code ForAnyValue:} when at least one does. Policy variables
 * ({@code ${aws:PrincipalTag/team}}, with an optional {@code , 'default'}) are substituted in the
 * values of string and ARN operators. Dates are compared as instants (ISO 8601 or epoch seconds).
 *
 * <p>See "IAM JSON policy elements: Condition operators" and "Multivalued context keys" in the IAM
 * User Guide. Known simplification: {@code ${*}} substitutes a literal asterisk that a
 * {@code StringLike} then reads as a wildcard.
 */
public final class Conditions {
  private Conditions() {}

  public enum Truth { TRUE, FALSE, UNKNOWN }

  /** The answer and, when unknown, what was missing (keys not stated, operators not evaluated). */
  public record Outcome(Truth truth, List<String> unknown) {
    public Outcome {
      unknown = List.copyOf(unknown);
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  /** {@code condition}: the block as compact JSON ({@code ""}: no condition, true). */
  public static Outcome evaluate(String condition, RequestContext ctx) {
    if (condition.isEmpty()) {
      return new Outcome(Truth.TRUE, List.of());
    }
    JsonNode block;
    try {
      block = Json.mapper().readTree(condition);
    } catch (IOException e) {
      return new Outcome(Truth.UNKNOWN, List.of("condition is not JSON"));
    }
    List<String> unknown = new ArrayList<>();
    boolean anyUnknown = false;
    for (Iterator<Map.Entry<String, JsonNode>> ops = block.fields(); ops.hasNext();) {
      Map.Entry<String, JsonNode> op = ops.next();
      if (!op.getValue().isObject()) {
        unknown.add(op.getKey() + " is not an object of keys");
        anyUnknown = true;
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext();) {
        Map.Entry<String, JsonNode> key = keys.next();
        Truth t = one(op.getKey(), key.getKey(), values(key.getValue()), ctx, unknown);
        if (t == Truth.FALSE) {
          return new Outcome(Truth.FALSE, List.of());
        }
        anyUnknown |= t == Truth.UNKNOWN;
      }
    }
    return anyUnknown ? new Outcome(Truth.UNKNOWN, unknown.stream().distinct().toList()) : new Outcome(Truth.TRUE, List.of());
  }

  private static List<String> values(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    } else {
      out.add(v.asText());
    }
    return out;
  }

  /** How an operator compares one request value with one policy value, and whether it is negated. */
  private record Comparison(BiPredicate<String, String> matches, boolean negated, boolean substitutes) {}

  private static Optional<Comparison> comparison(String operator) {
    BiPredicate<String, String> eq = String::equals;
    BiPredicate<String, String> like = (value, pattern) -> Wildcards.matches(pattern, value, false);
    BiPredicate<String, String> ignoreCase = String::equalsIgnoreCase;
    return Optional.ofNullable(switch (operator) {
      case "StringEquals" -> new Comparison(eq, false, true);
      case "StringNotEquals" -> new Comparison(eq, true, true);
      case "StringEqualsIgnoreCase" -> new Comparison(ignoreCase, false, true);
      case "StringNotEqualsIgnoreCase" -> new Comparison(ignoreCase, true, true);
      case "StringLike" -> new Comparison(like, false, true);
      case "StringNotLike" -> new Comparison(like, true, true);
      case "ArnEquals", "ArnLike" -> new Comparison(Conditions::arnLike, false, true);
      case "ArnNotEquals", "ArnNotLike" -> new Comparison(Conditions::arnLike, true, true);
      case "NumericEquals" -> numeric(c -> c == 0, false);
      case "NumericNotEquals" -> numeric(c -> c == 0, true);
      case "NumericLessThan" -> numeric(c -> c < 0, false);
      case "NumericLessThanEquals" -> numeric(c -> c <= 0, false);
      case "NumericGreaterThan" -> numeric(c -> c > 0, false);
      case "NumericGreaterThanEquals" -> numeric(c -> c >= 0, false);
      case "DateEquals" -> date(c -> c == 0, false);
      case "DateNotEquals" -> date(c -> c == 0, true);
      case "DateLessThan" -> date(c -> c < 0, false);
      case "DateLessThanEquals" -> date(c -> c <= 0, false);
      case "DateGreaterThan" -> date(c -> c > 0, false);
      case "DateGreaterThanEquals" -> date(c -> c >= 0, false);
      case "Bool" -> new Comparison(String::equalsIgnoreCase, false, false);
      case "BinaryEquals" -> new Comparison(eq, false, false);
      case "IpAddress" -> new Comparison(Conditions::inCidr, false, false);
      case "NotIpAddress" -> new Comparison(Conditions::inCidr, true, false);
      default -> null;
    });
  }

  private static Truth one(String qualifiedOperator, String key, List<String> policyValues, RequestContext ctx, List<String> unknown) {
    String operator = qualifiedOperator;
    String set = "";
    for (String q : List.of("ForAllValues:", "ForAnyValue:")) {
      if (operator.regionMatches(true, 0, q, 0, q.length())) {
        set = q;
        operator = operator.substring(q.length());
      }
    }
    boolean ifExists = operator.endsWith("IfExists");
    operator = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
    Optional<List<String>> stated = ctx.get(key);
    if (operator.equals("Null") && set.isEmpty() && !ifExists) {
      if (stated.isEmpty()) {
        unknown.add(key + " not stated");
        return Truth.UNKNOWN;
      }
      boolean absent = stated.get().isEmpty();
      return policyValues.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent) ? Truth.TRUE : Truth.FALSE;
    }
    Optional<Comparison> cmp = comparison(operator);
    if (cmp.isEmpty()) {
      unknown.add("operator " + qualifiedOperator + " not evaluated");
      return Truth.UNKNOWN;
    }
    if (stated.isEmpty()) {
      unknown.add(key + " not stated");
      return Truth.UNKNOWN;
    }
    List<String> requestValues = stated.get();
    if (requestValues.isEmpty()) {
      // Absent key: ForAllValues holds vacuously; IfExists and negated operators hold; the rest fail.
      return set.equals("ForAllValues:") || ifExists || set.isEmpty() && cmp.get().negated() ? Truth.TRUE : Truth.FALSE;
    }
    List<String> expanded = new ArrayList<>();
    for (String v : policyValues) {
      if (!cmp.get().substitutes()) {
        expanded.add(v);
        continue;
      }
      Optional<Optional<String>> s = substitute(v, ctx, unknown);
      if (s.isEmpty()) {
        return Truth.UNKNOWN;
      }
      s.get().ifPresent(expanded::add); // a variable whose key is absent matches nothing
    }
    Comparison c = cmp.get();
    // Each request value "passes" when it matches one of the policy's values (negated: none of them).
    BiPredicate<String, List<String>> passes = (value, pvs) -> c.negated() != pvs.stream().anyMatch(p -> c.matches().test(value, p));
    boolean holds = switch (set) {
      case "ForAllValues:" -> requestValues.stream().allMatch(v -> passes.test(v, expanded));
      case "ForAnyValue:" -> requestValues.stream().anyMatch(v -> passes.test(v, expanded));
      // A single-valued operator on several values: positive when any matches, negated when none does.
      default -> c.negated() ? requestValues.stream().allMatch(v -> passes.test(v, expanded))
          : requestValues.stream().anyMatch(v -> passes.test(v, expanded));
    };
    return holds ? Truth.TRUE : Truth.FALSE;
  }

  /**
   * The value with its policy variables replaced: empty when a variable's key is not stated (the
   * outcome is unknown); an empty inner Optional when its key is stated absent and has no default.
   */
  static Optional<Optional<String>> substitute(String value, RequestContext ctx, List<String> unknown) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1).trim();
      String replacement;
      switch (inner) {
        case "*" -> replacement = "*";
        case "?" -> replacement = "?";
        case "$" -> replacement = "$";
        default -> {
          String key = inner;
          String fallback = null;
          int comma = inner.indexOf(',');
          if (comma > 0) {
            key = inner.substring(0, comma).trim();
            String d = inner.substring(comma + 1).trim();
            fallback = d.length() >= 2 && d.startsWith("'") && d.endsWith("'") ? d.substring(1, d.length() - 1) : d;
          }
          Optional<List<String>> stated = ctx.get(key);
          if (stated.isEmpty()) {
            unknown.add(key + " not stated (policy variable)");
            return Optional.empty();
          }
          if (stated.get().size() > 1) {
            unknown.add(key + " has several values (a policy variable takes one)");
            return Optional.empty();
          }
          if (stated.get().isEmpty()) {
            if (fallback == null) {
              return Optional.of(Optional.empty());
            }
            replacement = fallback;
          } else {
            replacement = stated.get().getFirst();
          }
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return Optional.of(Optional.of(out.toString()));
  }

  /** ARNs match part by part (partition, service, region, account, resource), each with wildcards. */
  static boolean arnLike(String value, String pattern) {
    String[] v = value.split(":", 6);
    String[] p = pattern.split(":", 6);
    if (p.length == 1 && pattern.equals("*")) {
      return true;
    }
    if (v.length != 6 || p.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!Wildcards.matches(p[i], v[i], false)) {
        return false;
      }
    }
    return true;
  }

  private static Comparison numeric(java.util.function.IntPredicate holds, boolean negated) {
    return new Comparison((value, policy) -> {
      try {
        return holds.test(new BigDecimal(value.trim()).compareTo(new BigDecimal(policy.trim())));
      } catch (NumberFormatException e) {
        return false;
      }
    }, negated, false);
  }

  private static Comparison date(java.util.function.IntPredicate holds, boolean negated) {
    return new Comparison((value, policy) -> {
      Optional<Instant> a = instant(value);
      Optional<Instant> b = instant(policy);
      return a.isPresent() && b.isPresent() && holds.test(a.get().compareTo(b.get()));
    }, negated, false);
  }

  /** An ISO 8601 date-time (with an offset or Z), a date ({@code 2026-01-01}, midnight UTC) or epoch seconds. */
  static Optional<Instant> instant(String s) {
    String t = s.trim();
    try {
      if (t.matches("-?\\d{1,12}")) {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return Optional.of(java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
      }
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the address lies in the CIDR block (or equals the single address); IPv4 and IPv6; never a DNS lookup. */
  static boolean inCidr(String address, String cidr) {
    int slash = cidr.indexOf('/');
    Optional<byte[]> net = literal(slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim());
    Optional<byte[]> ip = literal(address.trim());
    if (net.isEmpty() || ip.isEmpty() || net.get().length != ip.get().length) {
      return false;
    }
    int bits = net.get().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (prefix < 0 || prefix > bits) {
      return false;
    }
    for (int i = 0; i < prefix; i++) {
      int mask = 0x80 >> (i % 8);
      if ((net.get()[i / 8] & mask) != (ip.get()[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of an IP literal; empty for anything else (no name is ever resolved). */
  static Optional<byte[]> literal(String s) {
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    if (v4 && java.util.Arrays.stream(s.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s.toLowerCase(Locale.ROOT)).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
