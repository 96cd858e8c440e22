package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EKS's lifecycle operations over {@code eks-lifecycle.yaml}, in the shapes of the EKS API
 * reference: {@code ListInsights} / {@code DescribeInsight}, {@code ListNodegroups} /
 * {@code DescribeNodegroup}, {@code ListAddons} / {@code DescribeAddon} / {@code CreateAddon} /
 * {@code UpdateAddon} / {@code DeleteAddon}, {@code DescribeAddonVersions},
 * {@code DescribeAddonConfiguration}, {@code ListUpdates} / {@code DescribeUpdate}. Add-on writes
 * are kept in memory: they go {@code CREATING} / {@code UPDATING} / {@code DELETING} and settle
 * {@code writeSeconds} later on the account's clock.
 */
final class EksLifecycleApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RESULTS = 100;

  private record Route(String method, Pattern path, String action) {}

  private static final List<Route> ROUTES = List.of(
      new Route("POST", Pattern.compile("^/clusters/([^/]+)/insights$"), "eks:ListInsights"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/insights/([^/]+)$"), "eks:DescribeInsight"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/node-groups$"), "eks:ListNodegroups"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/node-groups/([^/]+)$"), "eks:DescribeNodegroup"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/addons$"), "eks:ListAddons"),
      new Route("POST", Pattern.compile("^/clusters/([^/]+)/addons$"), "eks:CreateAddon"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/addons/([^/]+)$"), "eks:DescribeAddon"),
      new Route("DELETE", Pattern.compile("^/clusters/([^/]+)/addons/([^/]+)$"), "eks:DeleteAddon"),
      new Route("POST", Pattern.compile("^/clusters/([^/]+)/addons/([^/]+)/update$"), "eks:UpdateAddon"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/updates$"), "eks:ListUpdates"),
      new Route("GET", Pattern.compile("^/clusters/([^/]+)/updates/([^/]+)$"), "eks:DescribeUpdate"),
      new Route("GET", Pattern.compile("^/addons/supported-versions$"), "eks:DescribeAddonVersions"),
      new Route("GET", Pattern.compile("^/addons/configuration-schemas$"), "eks:DescribeAddonConfiguration"));

  private final DemoAccount account;
  private final Clock clock;
  private final JsonNode data;
  private final Duration settle;
  /** cluster → add-on name → its state (the YAML entry plus what writes changed), in list order. */
  private final Map<String, Map<String, ObjectNode>> addons = new LinkedHashMap<>();
  /** cluster → updates, oldest first. */
  private final Map<String, List<ObjectNode>> updates = new LinkedHashMap<>();

  EksLifecycleApi(DemoAccount account, Clock clock) {
    this.account = account;
    this.clock = clock;
    this.data = load();
    this.settle = Duration.ofSeconds(data.path("writeSeconds").asLong(4));
    data.path("clusters").properties().forEach(e -> {
      Map<String, ObjectNode> byName = new LinkedHashMap<>();
      e.getValue().path("addons").forEach(a -> byName.put(a.get("name").asText(), a.deepCopy()));
      addons.put(e.getKey(), byName);
      List<ObjectNode> list = new ArrayList<>();
      e.getValue().path("updates").forEach(u -> list.addFirst(u.deepCopy()));
      updates.put(e.getKey(), list);
    });
  }

  private static JsonNode load() {
    try (InputStream in = EksLifecycleApi.class.getResourceAsStream("eks-lifecycle.yaml")) {
      if (in == null) {
        throw new IllegalStateException("eks-lifecycle.yaml is missing from the demo module's resources");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo EKS lifecycle data", e);
    }
  }

  /** The release lines of the EKS optimized AMIs (for {@link SsmApi}). */
  JsonNode amiReleases() {
    return data.path("amiReleases");
  }

  static Optional<String> action(String method, String path) {
    return ROUTES.stream().filter(r -> r.method().equals(method) && r.path().matcher(path).matches()).map(Route::action).findFirst();
  }

  synchronized AwsReply handle(String method, String path, Map<String, String> query, String body, String requestId) {
    String action = action(method, path).orElse("");
    Matcher m = ROUTES.stream().filter(r -> r.action().equals(action)).findFirst().map(r -> r.path().matcher(path)).orElseThrow();
    m.matches();
    if (action.equals("eks:DescribeAddonVersions")) {
      return versions(query, requestId);
    }
    if (action.equals("eks:DescribeAddonConfiguration")) {
      return configuration(query, requestId);
    }
    String cluster = m.group(1);
    if (account.cluster(cluster).isEmpty()) {
      return AwsReply.restJsonError(404, "ResourceNotFoundException", "No cluster found for name: " + cluster + ".", requestId);
    }
    JsonNode mine = data.path("clusters").path(cluster);
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return AwsReply.restJsonError(400, "InvalidRequestException", "The request body is not valid JSON.", requestId);
    }
    return switch (action) {
      case "eks:ListInsights" -> page(list(mine.path("insights")), request.path("maxResults").asInt(MAX_RESULTS),
          request.path("nextToken").asText(null), "insights", i -> insightSummary(i), requestId);
      case "eks:DescribeInsight" -> find(mine.path("insights"), "id", m.group(2))
          .map(i -> ok("insight", insight(i)))
          .orElseGet(() -> notFound("No insight found with id " + m.group(2) + ".", requestId));
      case "eks:ListNodegroups" -> page(list(mine.path("nodegroups")), max(query), query.get("nextToken"), "nodegroups",
          g -> JSON.getNodeFactory().textNode(g.get("name").asText()), requestId);
      case "eks:DescribeNodegroup" -> find(mine.path("nodegroups"), "name", m.group(2)).map(g -> ok("nodegroup", nodegroup(cluster, g)))
          .orElseGet(() -> notFound("No node group found for name: " + m.group(2) + ".", requestId));
      case "eks:ListAddons" -> {
        addons.get(cluster).values().removeIf(a -> settle(cluster, a));
        yield page(new ArrayList<>(addons.get(cluster).values()), max(query), query.get("nextToken"), "addons",
            a -> JSON.getNodeFactory().textNode(a.get("name").asText()), requestId);
      }
      case "eks:DescribeAddon" -> addon(cluster, m.group(2)).map(a -> ok("addon", describeAddon(cluster, a)))
          .orElseGet(() -> notFound("No addon: " + m.group(2) + " found in cluster: " + cluster, requestId));
      case "eks:CreateAddon" -> create(cluster, request, requestId);
      case "eks:UpdateAddon" -> update(cluster, m.group(2), request, requestId);
      case "eks:DeleteAddon" -> delete(cluster, m.group(2), requestId);
      case "eks:ListUpdates" -> page(updates.get(cluster).stream().filter(u -> !query.containsKey("addonName")
              || u.path("addon").asText().equals(query.get("addonName"))).map(u -> (JsonNode) u).toList(), max(query),
          query.get("nextToken"), "updateIds", u -> JSON.getNodeFactory().textNode(u.get("id").asText()), requestId);
      case "eks:DescribeUpdate" -> updates.get(cluster).stream().filter(u -> u.get("id").asText().equals(m.group(2))).findFirst()
          .map(u -> ok("update", describeUpdate(cluster, u)))
          .orElseGet(() -> notFound("No update found for ID: " + m.group(2) + ".", requestId));
      default -> AwsReply.restJsonError(404, "UnknownOperationException", "Unknown operation " + method + " " + path, requestId);
    };
  }

  // ---- insights and node groups

  private static ObjectNode insightSummary(JsonNode i) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", i.get("id").asText()).put("name", i.get("name").asText()).put("category", "UPGRADE_READINESS")
        .put("kubernetesVersion", i.get("kubernetesVersion").asText())
        .put("lastRefreshTime", seconds(i.get("refreshed").asText())).put("lastTransitionTime", seconds(i.get("transitioned").asText()))
        .put("description", i.path("description").asText());
    out.putObject("insightStatus").put("status", i.get("status").asText()).put("reason", i.path("reason").asText());
    return out;
  }

  private static ObjectNode insight(JsonNode i) {
    ObjectNode out = insightSummary(i);
    out.put("recommendation", i.path("recommendation").asText());
    ObjectNode info = out.putObject("additionalInfo");
    i.path("additionalInfo").properties().forEach(e -> info.put(e.getKey(), e.getValue().asText()));
    ArrayNode resources = out.putArray("resources");
    i.path("resources").forEach(r -> {
      ObjectNode o = resources.addObject();
      o.putObject("insightStatus").put("status", r.path("status").asText("ERROR"));
      if (r.has("uri")) {
        o.put("kubernetesResourceUri", r.get("uri").asText());
      }
      if (r.has("arn")) {
        o.put("arn", r.get("arn").asText());
      }
    });
    ObjectNode summary = out.putObject("categorySpecificSummary");
    ArrayNode deprecations = summary.putArray("deprecationDetails");
    i.path("deprecations").forEach(d -> {
      ObjectNode o = deprecations.addObject().put("usage", d.get("usage").asText()).put("replacedWith", d.path("replacedWith").asText())
          .put("stopServingVersion", d.path("stopServingVersion").asText())
          .put("startServingReplacementVersion", d.path("startServingReplacementVersion").asText());
      ArrayNode clients = o.putArray("clientStats");
      d.path("clients").forEach(c -> clients.addObject().put("userAgent", c.get("userAgent").asText())
          .put("numberOfRequestsLast30Days", c.get("requests").asInt()).put("lastRequestTime", seconds(c.get("lastRequest").asText())));
    });
    ArrayNode compatibility = summary.putArray("addonCompatibilityDetails");
    i.path("compatibility").forEach(c -> compatibility.addObject().put("name", c.get("name").asText())
        .set("compatibleVersions", c.get("compatibleVersions").deepCopy()));
    return out;
  }

  private ObjectNode nodegroup(String cluster, JsonNode g) {
    var c = account.cluster(cluster).orElseThrow();
    ObjectNode out = JSON.createObjectNode();
    out.put("nodegroupName", g.get("name").asText())
        .put("nodegroupArn", "arn:aws:eks:" + c.region() + ":" + account.accountId() + ":nodegroup/" + cluster + "/" + g.get("name").asText()
            + "/" + g.get("id").asText())
        .put("clusterName", cluster).put("version", g.get("version").asText()).put("releaseVersion", g.get("releaseVersion").asText())
        .put("createdAt", seconds(g.get("created").asText())).put("modifiedAt", seconds(g.get("modified").asText())).put("status", "ACTIVE")
        .put("capacityType", g.get("capacityType").asText());
    out.set("scalingConfig", g.get("scaling").deepCopy());
    out.set("instanceTypes", g.get("instanceTypes").deepCopy());
    out.putArray("subnets").add("subnet-0a1b2c3d4e5f60718").add("subnet-0b2c3d4e5f6071829");
    out.put("amiType", g.get("amiType").asText()).put("nodeRole", account.roleArn("eks-node-" + cluster)).put("diskSize", 20);
    out.putObject("labels");
    out.putObject("resources").putArray("autoScalingGroups").addObject().put("name", "eks-" + g.get("name").asText() + "-" + g.get("id").asText());
    out.putObject("health").putArray("issues");
    out.putObject("updateConfig").put("maxUnavailable", 1);
    out.putObject("tags");
    return out;
  }

  // ---- add-ons

  private Optional<ObjectNode> addon(String cluster, String name) {
    ObjectNode a = addons.get(cluster).get(name);
    if (a != null && settle(cluster, a)) {
      addons.get(cluster).remove(name);
      return Optional.empty();
    }
    return Optional.ofNullable(a);
  }

  /** Finishes a pending write whose time has come; true when the add-on is gone (a finished delete). */
  private boolean settle(String cluster, ObjectNode a) {
    if (!a.has("pendingUntil") || clock.instant().isBefore(Instant.parse(a.get("pendingUntil").asText()))) {
      return false;
    }
    String kind = a.get("pending").asText();
    a.remove(List.of("pending", "pendingUntil"));
    if (kind.equals("delete")) {
      return true;
    }
    if (a.has("targetVersion")) {
      a.put("version", a.get("targetVersion").asText());
      a.remove("targetVersion");
    }
    a.put("status", "ACTIVE").put("modified", clock.instant().toString());
    a.remove("health");
    updates.get(cluster).stream().filter(u -> u.path("addon").asText().equals(a.get("name").asText()) && u.get("status").asText().equals("InProgress"))
        .forEach(u -> u.put("status", "Successful"));
    return false;
  }

  private ObjectNode describeAddon(String cluster, ObjectNode a) {
    var c = account.cluster(cluster).orElseThrow();
    String name = a.get("name").asText();
    JsonNode published = catalogEntry(name).orElse(JSON.createObjectNode());
    ObjectNode out = JSON.createObjectNode();
    out.put("addonName", name).put("clusterName", cluster).put("status", a.get("status").asText()).put("addonVersion", a.get("version").asText());
    ArrayNode issues = out.putObject("health").putArray("issues");
    a.path("health").forEach(h -> issues.addObject().put("code", h.get("code").asText()).put("message", h.get("message").asText())
        .set("resourceIds", h.get("resourceIds").deepCopy()));
    out.put("addonArn", "arn:aws:eks:" + c.region() + ":" + account.accountId() + ":addon/" + cluster + "/" + name + "/" + a.get("id").asText())
        .put("createdAt", seconds(a.get("created").asText())).put("modifiedAt", seconds(a.get("modified").asText()));
    if (a.hasNonNull("serviceAccountRole")) {
      String role = a.get("serviceAccountRole").asText();
      out.put("serviceAccountRoleArn", role.startsWith("arn:") ? role : account.roleArn(role));
    }
    out.putObject("tags");
    out.put("publisher", published.path("publisher").asText("eks")).put("owner", published.path("owner").asText("aws"));
    if (a.hasNonNull("configurationValues")) {
      out.put("configurationValues", a.get("configurationValues").asText());
    }
    ArrayNode associations = out.putArray("podIdentityAssociations");
    a.path("podIdentity").forEach(p -> associations.add("arn:aws:eks:" + c.region() + ":" + account.accountId() + ":podidentityassociation/"
        + cluster + "/" + p.get("id").asText()));
    return out;
  }

  private AwsReply create(String cluster, JsonNode request, String requestId) {
    String name = request.path("addonName").asText("");
    Optional<JsonNode> published = catalogEntry(name);
    if (published.isEmpty()) {
      return AwsReply.restJsonError(400, "InvalidParameterException", "Addon " + name + " specified is not supported", requestId);
    }
    if (addon(cluster, name).isPresent()) {
      return AwsReply.restJsonError(409, "ResourceInUseException", "Addon already exists.", requestId);
    }
    String version = request.path("addonVersion").asText(defaultVersion(published.get(), clusterVersion(cluster)));
    Optional<AwsReply> refused = checkVersion(published.get(), version, cluster, requestId);
    if (refused.isPresent()) {
      return refused.get();
    }
    ObjectNode a = JSON.createObjectNode().put("name", name).put("id", UUID.randomUUID().toString()).put("version", version)
        .put("status", "CREATING").put("created", clock.instant().toString()).put("modified", clock.instant().toString());
    roleAndConfiguration(a, request);
    pending(a, "create");
    addons.get(cluster).put(name, a);
    return ok("addon", describeAddon(cluster, a));
  }

  private AwsReply update(String cluster, String name, JsonNode request, String requestId) {
    Optional<ObjectNode> found = addon(cluster, name);
    if (found.isEmpty()) {
      return notFound("No addon: " + name + " found in cluster: " + cluster, requestId);
    }
    ObjectNode a = found.get();
    if (a.has("pending")) {
      return AwsReply.restJsonError(409, "ResourceInUseException", "Addon " + name + " is currently " + a.get("status").asText(), requestId);
    }
    String version = request.path("addonVersion").asText(a.get("version").asText());
    Optional<AwsReply> refused = checkVersion(catalogEntry(name).orElseThrow(), version, cluster, requestId);
    if (refused.isPresent()) {
      return refused.get();
    }
    a.put("targetVersion", version).put("status", "UPDATING");
    roleAndConfiguration(a, request);
    pending(a, "update");
    ObjectNode u = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("addon", name).put("status", "InProgress")
        .put("created", clock.instant().toString());
    ObjectNode params = u.putObject("params").put("AddonVersion", version);
    if (request.hasNonNull("resolveConflicts")) {
      params.put("ResolveConflicts", request.get("resolveConflicts").asText());
    }
    if (request.hasNonNull("configurationValues")) {
      params.put("ConfigurationValues", request.get("configurationValues").asText());
    }
    updates.get(cluster).add(u);
    return ok("update", describeUpdate(cluster, u));
  }

  private AwsReply delete(String cluster, String name, String requestId) {
    Optional<ObjectNode> found = addon(cluster, name);
    if (found.isEmpty()) {
      return notFound("No addon: " + name + " found in cluster: " + cluster, requestId);
    }
    ObjectNode a = found.get();
    a.put("status", "DELETING");
    pending(a, "delete");
    return ok("addon", describeAddon(cluster, a));
  }

  private void pending(ObjectNode a, String kind) {
    a.put("pending", kind).put("pendingUntil", clock.instant().plus(settle).toString());
  }

  private static void roleAndConfiguration(ObjectNode a, JsonNode request) {
    if (request.hasNonNull("configurationValues")) {
      a.put("configurationValues", request.get("configurationValues").asText());
    }
    if (request.hasNonNull("serviceAccountRoleArn")) {
      a.put("serviceAccountRole", request.get("serviceAccountRoleArn").asText());
    }
    if (request.path("podIdentityAssociations").size() > 0) {
      ArrayNode list = a.putArray("podIdentity");
      request.get("podIdentityAssociations").forEach(p -> list.addObject().put("serviceAccount", p.get("serviceAccount").asText())
          .put("id", "a-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17)));
    }
  }

  private Optional<AwsReply> checkVersion(JsonNode published, String version, String cluster, String requestId) {
    String minor = clusterVersion(cluster);
    for (JsonNode v : published.path("versions")) {
      if (v.get("version").asText().equals(version)) {
        boolean compatible = false;
        for (JsonNode cv : v.path("clusterVersions")) {
          compatible |= cv.asText().equals(minor);
        }
        return compatible ? Optional.empty() : Optional.of(AwsReply.restJsonError(400, "InvalidParameterException",
            "Addon version " + version + " is not compatible with cluster version " + minor, requestId));
      }
    }
    return Optional.of(AwsReply.restJsonError(400, "InvalidParameterException", "Addon version specified is not supported", requestId));
  }

  private String clusterVersion(String cluster) {
    return account.cluster(cluster).orElseThrow().version();
  }

  private ObjectNode describeUpdate(String cluster, ObjectNode u) {
    addon(cluster, u.get("addon").asText()); // settles a finished write first
    ObjectNode out = JSON.createObjectNode();
    out.put("id", u.get("id").asText()).put("status", u.get("status").asText()).put("type", "AddonUpdate");
    ArrayNode params = out.putArray("params");
    u.path("params").properties().forEach(e -> params.addObject().put("type", e.getKey()).put("value", e.getValue().asText()));
    out.put("createdAt", seconds(u.get("created").asText()));
    ArrayNode errors = out.putArray("errors");
    u.path("errors").forEach(e -> errors.addObject().put("errorCode", e.get("code").asText()).put("errorMessage", e.get("message").asText())
        .set("resourceIds", e.get("resourceIds").deepCopy()));
    return out;
  }

  // ---- published add-ons

  private Optional<JsonNode> catalogEntry(String name) {
    return find(data.path("addonCatalog"), "name", name);
  }

  private static String defaultVersion(JsonNode published, String minor) {
    for (JsonNode v : published.path("versions")) {
      for (JsonNode d : v.path("defaultFor")) {
        if (d.asText().equals(minor)) {
          return v.get("version").asText();
        }
      }
    }
    return published.path("versions").path(0).path("version").asText();
  }

  private AwsReply versions(Map<String, String> query, String requestId) {
    String k8s = query.get("kubernetesVersion");
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode a : data.path("addonCatalog")) {
      if ((query.containsKey("addonName") && !a.get("name").asText().equals(query.get("addonName")))
          || (query.containsKey("types") && !a.get("type").asText().equals(query.get("types")))
          || (query.containsKey("publishers") && !a.get("publisher").asText().equals(query.get("publishers")))) {
        continue;
      }
      ObjectNode out = JSON.createObjectNode().put("addonName", a.get("name").asText()).put("type", a.get("type").asText());
      ArrayNode versions = out.putArray("addonVersions");
      for (JsonNode v : a.path("versions")) {
        ArrayNode compat = JSON.createArrayNode();
        boolean forK8s = k8s == null;
        for (JsonNode cv : v.path("clusterVersions")) {
          boolean isDefault = false;
          for (JsonNode d : v.path("defaultFor")) {
            isDefault |= d.asText().equals(cv.asText());
          }
          compat.addObject().put("clusterVersion", cv.asText()).put("defaultVersion", isDefault).putArray("platformVersions").add("*");
          forK8s |= cv.asText().equals(k8s);
        }
        if (forK8s) {
          ObjectNode o = versions.addObject().put("addonVersion", v.get("version").asText());
          o.putArray("architecture").add("amd64").add("arm64");
          o.putArray("computeTypes").add("ec2");
          o.set("compatibilities", compat);
          o.put("requiresConfiguration", false).put("requiresIamPermissions", a.path("requiresIamPermissions").asBoolean(false));
        }
      }
      out.put("publisher", a.get("publisher").asText()).put("owner", a.get("owner").asText());
      if (!versions.isEmpty()) {
        matching.add(out);
      }
    }
    return page(matching, max(query), query.get("nextToken"), "addons", Function.identity(), requestId);
  }

  private AwsReply configuration(Map<String, String> query, String requestId) {
    String name = query.getOrDefault("addonName", "");
    String version = query.getOrDefault("addonVersion", "");
    Optional<JsonNode> published = catalogEntry(name)
        .filter(a -> a.path("versions").findValuesAsText("version").contains(version));
    if (published.isEmpty()) {
      return notFound("Addon " + name + " with version " + version + " not found", requestId);
    }
    ObjectNode out = JSON.createObjectNode().put("addonName", name).put("addonVersion", version)
        .put("configurationSchema", published.get().path("schema").asText(""));
    ArrayNode slots = out.putArray("podIdentityConfiguration");
    published.get().path("podIdentity").forEach(p -> slots.addObject().put("serviceAccount", p.get("serviceAccount").asText())
        .set("recommendedManagedPolicies", p.get("policies").deepCopy()));
    return AwsReply.json(200, out.toString());
  }

  // ---- helpers

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static Optional<JsonNode> find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  private static int max(Map<String, String> query) {
    try {
      return query.containsKey("maxResults") ? Integer.parseInt(query.get("maxResults")) : MAX_RESULTS;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One page of {@code items} under {@code field}, continued by an opaque {@code nextToken} as EKS pages. */
  private static <T> AwsReply page(List<T> items, int max, String token, String field, Function<T, JsonNode> view, String requestId) {
    if (max < 1 || max > MAX_RESULTS) {
      return AwsReply.restJsonError(400, "InvalidParameterException", "maxResults must be between 1 and 100", requestId);
    }
    int from = 0;
    if (token != null && !token.isEmpty()) {
      try {
        from = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return AwsReply.restJsonError(400, "InvalidParameterException", "The nextToken is not valid.", requestId);
      }
    }
    int to = Math.min(items.size(), from + max);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode array = out.putArray(field);
    items.subList(Math.min(from, items.size()), to).forEach(i -> array.add(view.apply(i)));
    if (to < items.size()) {
      out.put("nextToken", Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
    } else {
      out.putNull("nextToken");
    }
    return AwsReply.json(200, out.toString());
  }

  private static AwsReply ok(String field, JsonNode value) {
    ObjectNode out = JSON.createObjectNode();
    out.set(field, value);
    return AwsReply.json(200, out.toString());
  }

  private static AwsReply notFound(String message, String requestId) {
    return AwsReply.restJsonError(404, "ResourceNotFoundException", message, requestId);
  }

  private static double seconds(String iso) {
    return Instant.parse(iso).toEpochMilli() / 1000.0;
  }
}
