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
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Event lists selected by {@code type} ({@code fieldSelector=type=Warning}, as kubectl and the fleet
 * page ask). fabric8's CRUD store only knows metadata field selectors and answers such a list empty,
 * so the demo lists without that term and keeps the events of the asked type, as an apiserver does.
 */
final class DemoEventTypeSelector {
  private static final Pattern EVENTS = Pattern.compile("^/api/v1(/namespaces/[^/]+)?/events$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoEventTypeSelector() {}

  /** The type asked for, or null when this request is not a plain event list selected by type. */
  static String typeAsked(String method, String path, String query) {
    if (!"GET".equals(method) || !EVENTS.matcher(path).matches() || query.contains("watch=true")) {
      return null;
    }
    for (String term : selectorTerms(query)) {
      if (term.startsWith("type=") && !term.startsWith("type==")) {
        return term.substring("type=".length());
      }
    }
    return null;
  }

  static MockResponse answer(RecordedRequest request, String path, String query, String type,
      Function<RecordedRequest, MockResponse> crud) {
    List<String> params = new ArrayList<>();
    for (String param : query.split("&")) {
      if (!param.startsWith("fieldSelector=")) {
        params.add(param);
        continue;
      }
      List<String> rest = selectorTerms(param).stream().filter(t -> !t.equals("type=" + type)).toList();
      if (!rest.isEmpty()) {
        params.add("fieldSelector=" + URLEncoder.encode(String.join(",", rest), StandardCharsets.UTF_8));
      }
    }
    String withoutType = params.isEmpty() ? path : path + "?" + String.join("&", params);
    MockResponse list = crud.apply(new RecordedRequest(request.getHttpVersion(), request.method(), withoutType,
        request.getHeaders(), request.getBody()));
    if (list.code() != 200) {
      return list;
    }
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(list.getBody().getBytes());
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode event : body.path("items")) {
        if (type.equals(event.path("type").asText())) {
          kept.add(event);
        }
      }
      body.set("items", kept);
      return list.setBody(JSON.writeValueAsBytes(body));
    } catch (IOException | ClassCastException e) {
      return list;
    }
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
