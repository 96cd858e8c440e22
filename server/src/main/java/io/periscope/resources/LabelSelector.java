package io.periscope.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A label selector evaluated as the apiserver evaluates it, so a list served from the cache holds
 * exactly the objects the apiserver's own list would: {@code k}, {@code !k}, {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, terms joined by commas
 * (all must hold). {@code !=} and {@code notin} also match objects without the key. The grammar is
 * checked by {@link io.periscope.resources.ListQuery} before this is built.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Term> terms;

  private LabelSelector(List<Term> terms) {
    this.terms = terms;
  }

  private sealed interface Term {
    boolean matches(Map<String, String> labels);
  }

  private record Exists(String key, boolean present) implements Term {
    public boolean matches(Map<String, String> labels) {
      return labels.containsKey(key) == present;
    }
  }

  private record InSet(String key, Set<String> values, boolean in) implements Term {
    public boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return in ? v != null && values.contains(v) : v == null || !values.contains(v);
    }
  }

  /** An object's {@code metav1.LabelSelector} (matchLabels and matchExpressions) in kubectl's {@code -l} syntax. */
  public static String text(io.fabric8.kubernetes.api.model.LabelSelector s) {
    var terms = new ArrayList<String>();
    if (s.getMatchLabels() != null) {
      new java.util.TreeMap<>(s.getMatchLabels()).forEach((k, v) -> terms.add(k + "=" + v));
    }
    if (s.getMatchExpressions() != null) {
      for (var e : s.getMatchExpressions()) {
        String values = e.getValues() == null ? "" : String.join(",", e.getValues());
        terms.add(switch (e.getOperator()) {
          case "In" -> e.getKey() + " in (" + values + ")";
          case "NotIn" -> e.getKey() + " notin (" + values + ")";
          case "Exists" -> e.getKey();
          case "DoesNotExist" -> "!" + e.getKey();
          default -> e.getKey() + " " + e.getOperator() + " (" + values + ")";
        });
      }
    }
    return String.join(",", terms);
  }

  /** An object's {@code metav1.LabelSelector}, to evaluate; an empty one selects everything (as policy/v1 budgets read it). */
  public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s) {
    return parse(text(s));
  }

  /** The selector; null or blank selects everything. */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : splitTerms(selector)) {
      terms.add(term(raw.trim()));
    }
    return new LabelSelector(List.copyOf(terms));
  }

  public boolean matches(Map<String, String> labels) {
    for (Term t : terms) {
      if (!t.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private static Term term(String t) {
    if (t.startsWith("!")) {
      return new Exists(t.substring(1).trim(), false);
    }
    int paren = t.indexOf('(');
    if (paren > 0 && t.endsWith(")")) {
      String[] head = t.substring(0, paren).trim().split("\\s+");
      if (head.length == 2 && (head[1].equals("in") || head[1].equals("notin"))) {
        Set<String> values = new java.util.HashSet<>();
        for (String v : t.substring(paren + 1, t.length() - 1).split(",", -1)) {
          values.add(v.trim());
        }
        return new InSet(head[0], Set.copyOf(values), head[1].equals("in"));
      }
    }
    int ne = t.indexOf("!=");
    if (ne > 0) {
      return new InSet(t.substring(0, ne).trim(), Set.of(t.substring(ne + 2).trim()), false);
    }
    int eq = t.indexOf('=');
    if (eq > 0) {
      int valueStart = t.startsWith("==", eq) ? eq + 2 : eq + 1;
      return new InSet(t.substring(0, eq).trim(), Set.of(t.substring(valueStart).trim()), true);
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty label selector term");
    }
    return new Exists(t, true);
  }

  /** Splits on commas outside parentheses ({@code env in (a,b),tier=web}). */
  static List<String> splitTerms(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
