package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A create with {@code dryRun=All}, which the CRUD mock would store: answered as an apiserver does,
 * with the object it would create (name, namespace, uid and creation time filled in) and nothing
 * stored; 409 AlreadyExists when the name is taken, 422 Invalid for a name no object may have.
 */
final class DemoDryRunCreate {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** RFC 1123 subdomain, as the apiserver checks most names. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  /** A collection: {@code /api/v1/[namespaces/ns/]plural} or {@code /apis/group/version/[namespaces/ns/]plural}. */
  private static final Pattern COLLECTION = Pattern.compile("^/api(s/[^/]+)?/[^/]+(/namespaces/([^/]+))?/[^/]+$");

  private DemoDryRunCreate() {}

  static boolean handles(RecordedRequest request, String path, String query) {
    return "POST".equals(request.getMethod()) && query.contains("dryRun=") && COLLECTION.matcher(path).matches();
  }

  static MockResponse answer(RecordedRequest request, String path, Function<RecordedRequest, MockResponse> crud, Instant now) {
    ObjectNode object;
    try {
      JsonNode parsed = JSON.readTree(request.getUtf8Body());
      if (!(parsed instanceof ObjectNode o)) {
        return DemoPodLogs.status(400, "BadRequest", "the body is no object");
      }
      object = o;
    } catch (IOException e) {
      return DemoPodLogs.status(400, "BadRequest", "invalid body: " + e.getMessage());
    }
    ObjectNode meta = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    String kind = object.path("kind").asText("object");
    String name = meta.path("name").asText("");
    if (name.isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
      name = meta.path("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
    }
    if (!NAME.matcher(name).matches() || name.length() > 253) {
      return DemoPodLogs.status(422, "Invalid", kind + " \"" + name + "\" is invalid: metadata.name: Invalid value: \"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
    }
    MockResponse existing = crud.apply(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path + "/" + name, request.getHeaders(), new Buffer()));
    if (existing.code() == 200) {
      String plural = path.substring(path.lastIndexOf('/') + 1);
      return DemoPodLogs.status(409, "AlreadyExists", plural + " \"" + name + "\" already exists");
    }
    var m = COLLECTION.matcher(path);
    if (m.matches() && m.group(3) != null) {
      meta.put("namespace", m.group(3));
    }
    meta.put("name", name);
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(object.toString());
  }
}
