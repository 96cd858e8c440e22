package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The account's Amazon Inspector v2 (REST-JSON, shapes of the API reference): {@code POST
 * /findings/list} filtered by {@code ecrImageHash} or {@code resourceId}, and {@code POST
 * /coverage/list} filtered by {@code ecrRepositoryName} or {@code resourceId}, paginated with
 * {@code maxResults}/{@code nextToken}. The findings are {@link InspectorCatalog}'s.
 */
final class InspectorApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InspectorCatalog catalog;
  private final String accountId;
  private final String region;

  InspectorApi(InspectorCatalog catalog, String accountId, String region) {
    this.catalog = catalog;
    this.accountId = accountId;
    this.region = region;
  }

  /** The IAM action of a request path. */
  static Optional<String> action(String method, String path) {
    if (!"POST".equals(method)) {
      return Optional.empty();
    }
    return switch (path) {
      case "/findings/list" -> Optional.of("inspector2:ListFindings");
      case "/coverage/list" -> Optional.of("inspector2:ListCoverage");
      default -> Optional.empty();
    };
  }

  AwsReply handle(String path, byte[] body, String requestId) {
    JsonNode request;
    try {
      request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return AwsReply.restJsonError(400, "ValidationException", "the request body is not JSON", requestId);
    }
    JsonNode filter = request.path("filterCriteria");
    int max = request.path("maxResults").asInt(50);
    int from = request.path("nextToken").isTextual() ? Integer.parseInt(request.path("nextToken").asText()) : 0;
    return switch (path) {
      case "/findings/list" -> page("findings", findings(filter), from, max);
      case "/coverage/list" -> page("coveredResources", coverage(filter), from, max);
      default -> AwsReply.restJsonError(404, "ResourceNotFoundException", "no such Inspector operation: " + path, requestId);
    };
  }

  private List<ObjectNode> findings(JsonNode filter) {
    Set<String> digests = values(filter, "ecrImageHash");
    Set<String> ids = values(filter, "resourceId");
    List<ObjectNode> out = new ArrayList<>();
    for (InspectorCatalog.Vulnerability v : catalog.findings()) {
      boolean wanted = v.instanceId() == null ? digests.contains(ImageDigests.digest(v.image())) : ids.contains(v.instanceId());
      if (wanted) {
        out.add(finding(v));
      }
    }
    return out;
  }

  private List<ObjectNode> coverage(JsonNode filter) {
    Set<String> repositories = values(filter, "ecrRepositoryName");
    Set<String> ids = values(filter, "resourceId");
    List<ObjectNode> out = new ArrayList<>();
    for (InspectorCatalog.Covered c : catalog.coverage()) {
      ObjectNode n = JSON.createObjectNode().put("accountId", accountId).put("scanType", "PACKAGE");
      if (c.instanceId() != null) {
        if (!ids.contains(c.instanceId())) {
          continue;
        }
        n.put("resourceId", c.instanceId()).put("resourceType", "AWS_EC2_INSTANCE").put("scanMode", "EC2_SSM_AGENT_BASED");
        n.putObject("resourceMetadata").putObject("ec2").put("platform", "LINUX").put("amiId", "ami-0c2b8ca1dad447f8a");
      } else {
        String repository = InspectorCatalog.repository(c.image());
        if (!repositories.contains(repository)) {
          continue;
        }
        n.put("resourceId", "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + repository + "/" + ImageDigests.digest(c.image()))
            .put("resourceType", "AWS_ECR_CONTAINER_IMAGE");
        n.putObject("resourceMetadata").putObject("ecrImage").put("imagePulledAt", epoch(c.scannedAt()))
            .putArray("tags").add(c.image().substring(c.image().lastIndexOf(':') + 1));
      }
      n.putObject("scanStatus").put("statusCode", c.active() ? "ACTIVE" : "INACTIVE").put("reason", c.reason());
      n.put("lastScannedAt", epoch(c.scannedAt()));
      out.add(n);
    }
    return out;
  }

  private ObjectNode finding(InspectorCatalog.Vulnerability v) {
    ObjectNode f = JSON.createObjectNode().put("awsAccountId", accountId)
        .put("findingArn", "arn:aws:inspector2:" + region + ":" + accountId + ":finding/" + Integer.toHexString((v.id() + v.pkg()
            + v.image() + v.instanceId()).hashCode()))
        .put("type", "PACKAGE_VULNERABILITY").put("title", v.id() + " - " + v.pkg()).put("description", v.id() + " in " + v.pkg() + ".")
        .put("severity", v.severity()).put("status", "ACTIVE").put("inspectorScore", v.score())
        .put("exploitAvailable", v.exploit() ? "YES" : "NO").put("fixAvailable", v.fixedIn().equals("NotAvailable") ? "NO" : "YES")
        .put("firstObservedAt", epoch(v.firstObserved())).put("lastObservedAt", epoch(v.firstObserved()))
        .put("updatedAt", epoch(v.firstObserved()));
    f.putObject("remediation").putObject("recommendation").put("text", "Upgrade " + v.pkg() + ".");
    ObjectNode details = f.putObject("packageVulnerabilityDetails").put("vulnerabilityId", v.id())
        .put("source", v.id().startsWith("CVE-") ? "NVD" : "ALAS").put("sourceUrl", v.id().startsWith("CVE-")
            ? "https://nvd.nist.gov/vuln/detail/" + v.id() : "https://alas.aws.amazon.com/AL2023/" + v.id() + ".html");
    ObjectNode pkg = details.putArray("vulnerablePackages").addObject().put("name", v.pkg()).put("version", v.version())
        .put("packageManager", v.packageManager()).put("fixedInVersion", v.fixedIn());
    if (v.instanceId() != null) {
      pkg.put("epoch", 0);
    }
    ArrayNode resources = f.putArray("resources");
    if (v.instanceId() != null) {
      resources.addObject().put("type", "AWS_EC2_INSTANCE").put("id", v.instanceId()).put("region", region).put("partition", "aws")
          .putObject("details").putObject("awsEc2Instance").put("type", "m6i.xlarge").put("imageId", "ami-0c2b8ca1dad447f8a")
          .put("platform", "AMAZON_LINUX_2023");
    } else {
      String repository = InspectorCatalog.repository(v.image());
      ObjectNode image = resources.addObject().put("type", "AWS_ECR_CONTAINER_IMAGE")
          .put("id", "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + repository + "/" + ImageDigests.digest(v.image()))
          .put("region", region).put("partition", "aws")
          .putObject("details").putObject("awsEcrContainerImage").put("repositoryName", repository).put("registry", accountId)
          .put("imageHash", ImageDigests.digest(v.image())).put("architecture", "amd64").put("platform", v.platform());
      image.putArray("imageTags").add(v.image().substring(v.image().lastIndexOf(':') + 1));
    }
    return f;
  }

  private static AwsReply page(String field, List<ObjectNode> all, int from, int max) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray(field);
    int to = Math.min(all.size(), from + Math.max(1, max));
    all.subList(Math.min(from, all.size()), to).forEach(items::add);
    if (to < all.size()) {
      out.put("nextToken", String.valueOf(to));
    }
    return AwsReply.json(200, out.toString());
  }

  private static Set<String> values(JsonNode filter, String field) {
    Set<String> out = new HashSet<>();
    filter.path(field).forEach(f -> out.add(f.path("value").asText()));
    return out;
  }

  private static double epoch(Instant at) {
    return at.getEpochSecond();
  }
}
