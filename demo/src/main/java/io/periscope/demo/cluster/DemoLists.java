package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collection GETs shaped as a real apiserver shapes them, which fabric8's CRUD store does not: pages
 * ({@code limit} and {@code continue}, objects in key order: namespace, then name) and the
 * {@code meta.k8s.io} Table format when the {@code Accept} header asks for it first (columns from
 * {@link KubectlPrinters}, a custom resource's {@code additionalPrinterColumns}, or Name and Age;
 * each row's {@code object} per {@code includeObject}). Watches and single objects stay plain.
 */
final class DemoLists {
  static final String TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";

  private final Clock clock;

  DemoLists(Clock clock) {
    this.clock = clock;
  }

  /** A collection path: {@code /api/v1[/namespaces/NS]/PLURAL} or {@code /apis/GROUP/VERSION[/namespaces/NS]/PLURAL}. */
  record Collection(String group, String version, String namespace, String plural) {
    static Optional<Collection> of(String path) {
      return ApiPath.of(path).flatMap(p -> {
        List<String> rest = p.rest();
        if (rest.size() == 1) {
          return Optional.of(new Collection(p.group(), p.version(), "", rest.get(0)));
        }
        if (rest.size() == 3 && rest.get(0).equals("namespaces")) {
          return Optional.of(new Collection(p.group(), p.version(), rest.get(1), rest.get(2)));
        }
        return Optional.empty();
      });
    }
  }

  /** Whether this request is a collection GET that asks for a page or a Table (everything else goes to the store as is). */
  static boolean shapes(String method, String path, Map<String, String> query, String accept) {
    return "GET".equals(method) && !"true".equals(query.get("watch")) && Collection.of(path).isPresent()
        && (query.containsKey("limit") || query.containsKey("continue") || tableVersion(accept).isPresent());
  }

  /**
   * The Table version ({@code v1} or {@code v1beta1}) when the first media range of {@code accept}
   * that the demo serves is a {@code meta.k8s.io} Table, as an apiserver negotiates it.
   */
  static Optional<String> tableVersion(String accept) {
    if (accept == null) {
      return Optional.empty();
    }
    for (String range : accept.split(",")) {
      String[] parts = range.strip().split(";");
      Map<String, String> params = new LinkedHashMap<>();
      for (int p = 1; p < parts.length; p++) {
        String[] kv = parts[p].strip().split("=", 2);
        params.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
      }
      String type = parts[0].strip();
      if (!type.equals("application/json") && !type.equals("*/*") && !type.equals("application/*")) {
        continue;
      }
      if (!params.containsKey("as")) {
        return Optional.empty();
      }
      String version = params.getOrDefault("v", "");
      if ("Table".equals(params.get("as")) && "meta.k8s.io".equals(params.get("g")) && (version.equals("v1") || version.equals("v1beta1"))) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  /**
   * A boolean query parameter as the apiserver decodes one (apimachinery's {@code Convert_Slice_string_To_bool}): absent,
   * {@code 0} or {@code false} (any case) is false; any other value is true, the empty one of a bare {@code ?follow} too.
   */
  static boolean flag(Map<String, String> query, String name) {
    String value = query.get(name);
    return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  /** The query's parameters, decoded; a parameter without {@code =} has the empty value, the first of a repeated one counts. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String param : rawQuery.split("&")) {
      String[] kv = param.split("=", 2);
      out.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  /**
   * Lists through {@code list} (the store, with the field selectors it cannot answer applied), then
   * pages and converts as asked. {@code store} reads single objects (a custom resource's definition).
   */
  MockResponse answer(RecordedRequest request, String path, String rawQuery, Function<RecordedRequest, MockResponse> list,
      Function<RecordedRequest, MockResponse> store) {
    Collection collection = Collection.of(path).orElseThrow();
    Map<String, String> query = query(rawQuery);
    Optional<String> table = tableVersion(request.getHeader("Accept"));
    String include = query.getOrDefault("includeObject", "Metadata");
    if (table.isPresent() && !List.of("None", "Metadata", "Object").contains(include)) {
      return DemoPodLogs.status(400, "BadRequest", "Invalid value: \"" + include + "\": includeObject must be one of None, Metadata, Object");
    }
    Optional<Integer> limit;
    try {
      limit = query.containsKey("limit") ? Optional.of(Integer.parseInt(query.get("limit"))).filter(n -> n > 0) : Optional.empty();
    } catch (NumberFormatException e) {
      return DemoPodLogs.status(400, "BadRequest", "limit: Invalid value: \"" + query.get("limit") + "\": must be an integer");
    }
    String rest = String.join("&", rawQuery == null || rawQuery.isEmpty() ? List.of()
        : java.util.Arrays.stream(rawQuery.split("&")).filter(p -> !p.startsWith("limit=") && !p.startsWith("continue=")).toList());
    MockResponse full = list.apply(new RecordedRequest(request.getHttpVersion(), request.method(), rest.isEmpty() ? path : path + "?" + rest,
        request.getHeaders(), request.getBody()));
    if (full.code() != 200) {
      return full;
    }
    ObjectNode body;
    try {
      body = (ObjectNode) JSON.readTree(full.getBody().readUtf8());
    } catch (IOException | ClassCastException e) {
      return DemoPodLogs.status(500, "InternalError", "the demo store answered a list that is not JSON: " + e.getMessage());
    }
    try {
      page(body, limit, Optional.ofNullable(query.get("continue")).filter(s -> !s.isEmpty()),
          query.containsKey("labelSelector") || query.containsKey("fieldSelector"));
    } catch (IllegalArgumentException e) {
      return DemoPodLogs.status(400, "BadRequest", e.getMessage());
    }
    try {
      if (table.isEmpty()) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(body));
      }
      ObjectNode converted = toTable(body, collection, table.get(), include, store);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", TABLE_CONTENT_TYPE.replace("v=v1", "v=" + table.get()))
          .setBody(JSON.writeValueAsString(converted));
    } catch (IOException e) {
      return DemoPodLogs.status(500, "InternalError", e.getMessage());
    }
  }

  /**
   * Keeps one page of {@code list}'s items in key order: the ones after the continue token's key,
   * at most {@code limit}; sets {@code metadata.continue} (and {@code remainingItemCount} when no
   * selector makes the count unknowable) when more follow.
   */
  static void page(ObjectNode list, Optional<Integer> limit, Optional<String> continueToken, boolean selected) {
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    items.sort(Comparator.comparing(DemoLists::key));
    int skipped = 0;
    if (continueToken.isPresent()) {
      String start = ContinueToken.decode(continueToken.get());
      while (skipped < items.size() && key(items.get(skipped)).compareTo(start) < 0) {
        skipped++;
      }
    }
    int from = skipped;
    int to = limit.map(n -> Math.min(items.size(), from + n)).orElse(items.size());
    ArrayNode kept = list.putArray("items");
    items.subList(from, to).forEach(kept::add);
    ObjectNode meta = list.get("metadata") instanceof ObjectNode m ? m : list.putObject("metadata");
    meta.remove(List.of("continue", "remainingItemCount"));
    if (to < items.size()) {
      meta.put("continue", ContinueToken.encode(meta.path("resourceVersion").asText(""), key(items.get(to))));
      if (!selected) {
        meta.put("remainingItemCount", items.size() - to);
      }
    }
  }

  /** The object's storage key below its collection: {@code namespace/name} (or the name of a cluster-scoped object). */
  private static String key(JsonNode item) {
    String ns = item.path("metadata").path("namespace").asText("");
    return (ns.isEmpty() ? "" : ns + "/") + item.path("metadata").path("name").asText("");
  }

  /** An apiserver-style continue token: base64 of the list's resourceVersion and the key to start at. */
  static final class ContinueToken {
    private ContinueToken() {}

    static String encode(String resourceVersion, String startKey) {
      ObjectNode token = JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", resourceVersion).put("start", startKey);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The start key. @throws IllegalArgumentException when the token is not one this apiserver issued */
    static String decode(String token) {
      try {
        JsonNode json = JSON.readTree(Base64.getUrlDecoder().decode(token));
        if (!"meta.k8s.io/v1".equals(json.path("v").asText()) || !json.path("start").isTextual()) {
          throw new IllegalArgumentException("continue key is not valid: unknown version or missing start key");
        }
        return json.path("start").asText();
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() != null && e.getMessage().startsWith("continue key")
            ? e.getMessage() : "continue key is not valid: " + e.getMessage(), e);
      }
    }
  }

  private ObjectNode toTable(ObjectNode list, Collection collection, String version, String include,
      Function<RecordedRequest, MockResponse> store) {
    List<KubectlPrinters.Column> columns = columnsFor(collection, store);
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/" + version);
    ObjectNode meta = table.putObject("metadata");
    list.path("metadata").properties().forEach(e -> {
      if (List.of("resourceVersion", "continue", "remainingItemCount").contains(e.getKey())) {
        meta.set(e.getKey(), e.getValue());
      }
    });
    ArrayNode defs = table.putArray("columnDefinitions");
    for (KubectlPrinters.Column c : columns) {
      defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format()).put("description", c.description())
          .put("priority", c.priority());
    }
    // fabric8's store answers every list as kind List; the items carry their own kind, the path gives the version.
    String apiVersion = collection.group().isEmpty() ? collection.version() : collection.group() + "/" + collection.version();
    var now = clock.instant();
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : list.path("items")) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (KubectlPrinters.Column c : columns) {
        cells.add(JSON.valueToTree(c.cell().apply(item, now)));
      }
      switch (include) {
        case "None" -> row.putNull("object");
        case "Object" -> {
          ObjectNode object = ((ObjectNode) item).deepCopy();
          if (!object.has("apiVersion")) {
            object.put("apiVersion", apiVersion);
          }
          row.set("object", object);
        }
        default -> row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/" + version)
            .set("metadata", item.path("metadata").deepCopy());
      }
    }
    return table;
  }

  private static List<KubectlPrinters.Column> columnsFor(Collection c, Function<RecordedRequest, MockResponse> store) {
    if (!KubectlPrinters.printed(c.group(), c.plural()) && !c.group().isEmpty()) {
      Optional<JsonNode> crd = customResourceDefinition(c, store);
      if (crd.isPresent()) {
        return CustomResourceColumns.of(crd.get(), c.version());
      }
    }
    return KubectlPrinters.columns(c.group(), c.plural());
  }

  private static Optional<JsonNode> customResourceDefinition(Collection c, Function<RecordedRequest, MockResponse> store) {
    return StoreCalls.get(store, CRD_PATH + c.plural() + "." + c.group());
  }
}
