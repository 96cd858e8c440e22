package io.periscope.resources;

import io.periscope.names.KubernetesNames;
import io.periscope.problem.Problem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated list request. Selectors are checked against the Kubernetes selector grammar here,
 * so a malformed one is a 400 before any apiserver call. {@code wholeObjects}: a Table's rows carry
 * the whole objects ({@code includeObject=Object}), for a caller that reads more than the columns.
 */
public record ListQuery(String namespace, String labelSelector, String fieldSelector, Integer limit, String continueToken,
    boolean wholeObjects) {
  private static final String KEY = "(" + KubernetesNames.DNS_SUBDOMAIN + "/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";
  private static final Pattern LABEL_TERM = Pattern.compile("!?" + KEY + "|" + KEY + "\\s*(=|==|!=)\\s*" + VALUE);
  /** {@code key in (a, b)}: the values are checked one by one, not by a repeated group (deep recursion in java.util.regex). */
  private static final Pattern SET_TERM = Pattern.compile(KEY + "\\s+(in|notin)\\s*\\(([^()]*)\\)");
  private static final Pattern SET_VALUE = Pattern.compile("\\s*" + VALUE + "\\s*");
  private static final Pattern FIELD_TERM = Pattern.compile("[A-Za-z0-9.\\[\\]]+\\s*(=|==|!=)\\s*[^,=!]*");
  public static final int MAX_LIMIT = 10_000;

  public ListQuery(String namespace, String labelSelector, String fieldSelector, Integer limit, String continueToken) {
    this(namespace, labelSelector, fieldSelector, limit, continueToken, false);
  }

  /** The list route's {@code includeObject}: absent, or {@code Object} (the apiserver's own word for it). */
  public static boolean wholeObjects(String includeObject) {
    if (includeObject == null) {
      return false;
    }
    if (!includeObject.equals("Object")) {
      throw Problem.badRequest("includeObject must be 'Object' (Table rows with whole objects) or absent, got '" + includeObject + "'");
    }
    return true;
  }

  public ListQuery {
    if (namespace != null && !namespace.isEmpty()) {
      ObjectAddress.requireName("namespace", namespace);
    }
    requireSelector("labelSelector", labelSelector, LABEL_TERM, true);
    requireSelector("fieldSelector", fieldSelector, FIELD_TERM, false);
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw Problem.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** Query parameters for the apiserver. */
  public Map<String, String> apiserverParams() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("labelSelector", labelSelector);
    q.put("fieldSelector", fieldSelector);
    q.put("limit", limit == null ? null : limit.toString());
    q.put("continue", continueToken);
    if (wholeObjects) {
      q.put("includeObject", "Object");
    }
    return q;
  }

  private static void requireSelector(String name, String selector, Pattern term, boolean setBased) {
    if (selector == null || selector.isBlank()) {
      return;
    }
    for (String t : setBased ? LabelSelector.splitTerms(selector) : java.util.Arrays.asList(selector.split(",", -1))) {
      if (!term.matcher(t.trim()).matches() && !(setBased && isSetTerm(t.trim()))) {
        throw Problem.badRequest("invalid " + name + " '" + selector + "': cannot parse '" + t.trim() + "'");
      }
    }
  }

  private static boolean isSetTerm(String t) {
    Matcher m = SET_TERM.matcher(t);
    if (!m.matches() || m.group(m.groupCount()).isBlank()) {
      return false; // "in ()": the apiserver refuses an empty set too
    }
    for (String v : m.group(m.groupCount()).split(",", -1)) {
      if (!SET_VALUE.matcher(v).matches()) {
        return false;
      }
    }
    return true;
  }
}
