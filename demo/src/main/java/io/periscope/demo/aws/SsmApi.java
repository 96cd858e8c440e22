package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SSM's JSON 1.1 API, only {@code GetParametersByPath} over the EKS optimized AMI releases: each
 * release publishes {@code <path>/<image>-v<date>/release_version} and {@code image_id}, and
 * {@code <path>/recommended/*} names the latest, as AWS's public parameters do. At most ten
 * parameters a page, continued by {@code NextToken}.
 */
final class SsmApi {
  static final String TARGET_PREFIX = "AmazonSSM.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RESULTS = 10;

  private record Parameter(String name, String value, double modified) {}

  private final List<Parameter> parameters = new ArrayList<>();

  SsmApi(JsonNode amiReleases) {
    for (JsonNode line : amiReleases) {
      String path = line.get("path").asText();
      String latest = null;
      double latestAt = 0;
      int n = 0;
      for (JsonNode r : line.get("releases")) {
        String release = r.asText();
        String date = release.substring(release.lastIndexOf('-') + 1);
        double at = LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String image = path + "/" + line.get("imagePrefix").asText() + "-v" + date;
        String ami = "ami-0" + Integer.toHexString((path + release).hashCode() & 0xfffffff) + String.format("%06x", ++n);
        parameters.add(new Parameter(image + "/image_id", ami, at));
        parameters.add(new Parameter(image + "/release_version", release, at));
        latest = release;
        latestAt = at;
        if (n == line.get("releases").size()) {
          parameters.add(new Parameter(path + "/recommended/image_id", ami, at));
        }
      }
      if (latest != null) {
        parameters.add(new Parameter(path + "/recommended/release_version", latest, latestAt));
      }
    }
  }

  /** {@code ssm:GetParametersByPath} for the {@code X-Amz-Target} {@code AmazonSSM.GetParametersByPath}. */
  static String action(String target) {
    return "ssm:" + (target == null ? "" : target.substring(target.indexOf('.') + 1));
  }

  AwsReply handle(String target, byte[] body, String requestId) {
    if (!(TARGET_PREFIX + "GetParametersByPath").equals(target)) {
      return AwsReply.jsonError(400, "InvalidAction", "this demo account's SSM serves GetParametersByPath only", requestId);
    }
    JsonNode request;
    try {
      request = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return AwsReply.jsonError(400, "SerializationException", "the request body is not JSON", requestId);
    }
    String path = request.path("Path").asText("");
    if (!path.startsWith("/")) {
      return AwsReply.jsonError(400, "ValidationException", "Parameter path: " + path + " must begin with /", requestId);
    }
    boolean recursive = request.path("Recursive").asBoolean(false);
    int max = request.path("MaxResults").asInt(MAX_RESULTS);
    if (max < 1 || max > MAX_RESULTS) {
      return AwsReply.jsonError(400, "ValidationException", "1 validation error detected: Value '" + max
          + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10", requestId);
    }
    String prefix = path.endsWith("/") ? path : path + "/";
    List<Parameter> matching = parameters.stream().filter(p -> p.name().startsWith(prefix)
        && (recursive || !p.name().substring(prefix.length()).contains("/"))).toList();
    int from = 0;
    if (request.hasNonNull("NextToken")) {
      try {
        from = Integer.parseInt(new String(Base64.getDecoder().decode(request.get("NextToken").asText()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return AwsReply.jsonError(400, "InvalidNextToken", "The specified token is not valid.", requestId);
      }
    }
    int to = Math.min(matching.size(), from + max);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Parameters");
    for (Parameter p : matching.subList(Math.min(from, matching.size()), to)) {
      list.addObject().put("Name", p.name()).put("Type", "String").put("Value", p.value()).put("Version", 1)
          .put("LastModifiedDate", p.modified()).put("ARN", "arn:aws:ssm:" + "us-east-1" + "::parameter" + p.name()).put("DataType", "text");
    }
    if (to < matching.size()) {
      out.put("NextToken", Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
    }
    return new AwsReply(200, "application/x-amz-json-1.1", Map.of(), out.toString());
  }
}
