package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Lists selected by the non-metadata fields an apiserver supports and the console asks for: events by
 * {@code type} (kubectl, the fleet page), {@code reason} (the Karpenter page's FailedScheduling
 * events) and {@code involvedObject.*} (an object's Events tab, as {@code kubectl describe} reads them), pods by {@code status.phase} (its pending pods) and {@code spec.nodeName} (a node's pods).
 * fabric8's CRUD store only knows metadata
 * field selectors and answers such a list empty, so the demo lists without those terms and keeps
 * the objects that match them, as an apiserver does.
 */
final class DemoFieldSelectors {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Selectable fields per collection (path pattern), as JSON paths into the object. */
  private static final Map<Pattern, Map<String, List<String>>> FIELDS = Map.of(
      Pattern.compile("^/api/v1(/namespaces/[^/]+)?/events$"), Map.of("type", List.of("type"), "reason", List.of("reason"),
          "involvedObject.kind", List.of("involvedObject", "kind"), "involvedObject.name", List.of("involvedObject", "name"),
          "involvedObject.namespace", List.of("involvedObject", "namespace"), "involvedObject.uid", List.of("involvedObject", "uid"),
          "involvedObject.apiVersion", List.of("involvedObject", "apiVersion")),
      Pattern.compile("^/api/v1(/namespaces/[^/]+)?/pods$"),
      Map.of("status.phase", List.of("status", "phase"), "spec.nodeName", List.of("spec", "nodeName")));

  private DemoFieldSelectors() {}

  /** The terms this class answers (field → value), or an empty map when the request is not such a list. */
  static Map<String, String> termsAsked(String method, String path, String query) {
    Map<String, String> asked = new LinkedHashMap<>();
    if (!"GET".equals(method) || query.contains("watch=true")) {
      return asked;
    }
    Map<String, List<String>> fields = fieldsOf(path);
    for (String term : selectorTerms(query)) {
      int eq = term.indexOf('=');
      if (eq > 0 && !term.startsWith("=", eq + 1) && term.charAt(eq - 1) != '!' && fields.containsKey(term.substring(0, eq))) {
        asked.put(term.substring(0, eq), term.substring(eq + 1));
      }
    }
    return asked;
  }

  static MockResponse answer(RecordedRequest request, String path, String query, Map<String, String> asked,
      Function<RecordedRequest, MockResponse> crud) {
    List<String> params = new ArrayList<>();
    for (String param : query.split("&")) {
      if (!param.startsWith("fieldSelector=")) {
        params.add(param);
        continue;
      }
      List<String> rest = selectorTerms(param).stream().filter(t -> !asked.containsKey(t.split("=", 2)[0])).toList();
      if (!rest.isEmpty()) {
        params.add("fieldSelector=" + URLEncoder.encode(String.join(",", rest), StandardCharsets.UTF_8));
      }
    }
    String without = params.isEmpty() ? path : path + "?" + String.join("&", params);
    MockResponse list = crud.apply(new RecordedRequest(request.getHttpVersion(), request.method(), without,
        request.getHeaders(), request.getBody()));
    if (list.code() != 200) {
      return list;
    }
    Map<String, List<String>> fields = fieldsOf(path);
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(list.getBody().getBytes());
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode item : body.path("items")) {
        if (asked.entrySet().stream().allMatch(t -> t.getValue().equals(at(item, fields.get(t.getKey())).asText()))) {
          kept.add(item);
        }
      }
      body.set("items", kept);
      return list.setBody(JSON.writeValueAsBytes(body));
    } catch (IOException | ClassCastException e) {
      return list;
    }
  }

  private static Map<String, List<String>> fieldsOf(String path) {
    return FIELDS.entrySet().stream().filter(e -> e.getKey().matcher(path).matches()).map(Map.Entry::getValue).findFirst().orElse(Map.of());
  }

  private static JsonNode at(JsonNode node, List<String> jsonPath) {
    JsonNode n = node;
    for (String step : jsonPath) {
      n = n.path(step);
    }
    return n;
  }

  private static List<String> selectorTerms(String query) {
    List<String> terms = new ArrayList<>();
    for (String param : query.split("&")) {
      if (param.startsWith("fieldSelector=")) {
        for (String term : URLDecoder.decode(param.substring("fieldSelector=".length()), StandardCharsets.UTF_8).split(",")) {
          terms.add(term.strip());
        }
      }
    }
    return terms;
  }
}
