package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations' JSON 1.1 API ({@code X-Amz-Target: AWSOrganizationsV20161128.<Operation>}) over
 * a {@link DemoOrganization}: the reads behind SCPs — {@code DescribeOrganization},
 * {@code ListParents}, {@code DescribeOrganizationalUnit}, {@code ListPoliciesForTarget} and
 * {@code DescribePolicy}, in the API reference's shapes and error codes. List calls answer at most
 * {@value #PAGE} items a page, continued by {@code NextToken}, so clients' paging is exercised.
 */
final class OrganizationsApi {
  static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1;

  private final DemoOrganization org;

  OrganizationsApi(DemoOrganization org) {
    this.org = org;
  }

  /** {@code organizations:ListParents} for the target {@code AWSOrganizationsV20161128.ListParents}. */
  static String action(String target) {
    return "organizations:" + (target == null ? "" : target.substring(target.indexOf('.') + 1));
  }

  private static final class Failure extends RuntimeException {
    private final String code;

    Failure(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  AwsReply handle(String target, byte[] body, String requestId) {
    JsonNode request;
    try {
      request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return AwsReply.jsonError(400, "SerializationException", "the request body is not JSON", requestId);
    }
    String operation = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
    try {
      ObjectNode out = switch (operation) {
        case "DescribeOrganization" -> describeOrganization();
        case "ListParents" -> listParents(required(request, "ChildId"));
        case "DescribeOrganizationalUnit" -> describeUnit(required(request, "OrganizationalUnitId"));
        case "ListPoliciesForTarget" -> listPolicies(required(request, "TargetId"), required(request, "Filter"), request);
        case "DescribePolicy" -> describePolicy(required(request, "PolicyId"));
        default -> throw new Failure("InvalidAction", "this demo organization serves DescribeOrganization, ListParents, "
            + "DescribeOrganizationalUnit, ListPoliciesForTarget and DescribePolicy, not " + operation);
      };
      return new AwsReply(200, "application/x-amz-json-1.1", Map.of(), out.toString());
    } catch (Failure f) {
      return AwsReply.jsonError(400, f.code, f.getMessage(), requestId);
    }
  }

  private static String required(JsonNode request, String field) {
    String v = request.path(field).asText("");
    if (v.isEmpty()) {
      throw new Failure("InvalidInputException", "You provided a value that does not match the required pattern: " + field + " is missing.");
    }
    return v;
  }

  private String arn(String kind, String id) {
    return "arn:aws:organizations::" + org.managementAccountId() + ":" + kind + "/" + org.id() + "/" + id;
  }

  private ObjectNode describeOrganization() {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode o = out.putObject("Organization");
    o.put("Id", org.id()).put("Arn", "arn:aws:organizations::" + org.managementAccountId() + ":organization/" + org.id())
        .put("FeatureSet", "ALL").put("MasterAccountArn", arn("account", org.managementAccountId()))
        .put("MasterAccountId", org.managementAccountId()).put("MasterAccountEmail", org.managementAccountEmail());
    o.putArray("AvailablePolicyTypes").addObject().put("Type", "SERVICE_CONTROL_POLICY").put("Status", "ENABLED");
    return out;
  }

  private ObjectNode listParents(String child) {
    String parent = org.parentOf(child).orElseThrow(() -> new Failure("ChildNotFoundException", "We can't find an organizational unit (OU) "
        + "or AWS account with the ChildId that you specified."));
    ObjectNode out = JSON.createObjectNode();
    out.putArray("Parents").addObject().put("Id", parent).put("Type", parent.equals(org.root()) ? "ROOT" : "ORGANIZATIONAL_UNIT");
    return out;
  }

  private ObjectNode describeUnit(String id) {
    DemoOrganization.Unit unit = org.unit(id).orElseThrow(() -> new Failure("OrganizationalUnitNotFoundException",
        "We can't find an OU with the OrganizationalUnitId that you specified."));
    ObjectNode out = JSON.createObjectNode();
    out.putObject("OrganizationalUnit").put("Id", unit.id()).put("Arn", arn("ou", unit.id())).put("Name", unit.name());
    return out;
  }

  private ObjectNode listPolicies(String target, String filter, JsonNode request) {
    if (!org.knows(target)) {
      throw new Failure("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    }
    List<DemoOrganization.Scp> attached = "SERVICE_CONTROL_POLICY".equals(filter)
        ? org.policies().stream().filter(p -> p.targets().contains(target)).toList() : List.of();
    return page(request, attached, "Policies", p -> summary(p, JSON.createObjectNode()));
  }

  private ObjectNode describePolicy(String id) {
    DemoOrganization.Scp p = org.policy(id).orElseThrow(() -> new Failure("PolicyNotFoundException",
        "We can't find a policy with the PolicyId that you specified."));
    ObjectNode out = JSON.createObjectNode();
    ObjectNode policy = out.putObject("Policy");
    summary(p, policy.putObject("PolicySummary"));
    policy.put("Content", p.content().strip());
    return out;
  }

  private ObjectNode summary(DemoOrganization.Scp p, ObjectNode into) {
    String arn = p.awsManaged() ? "arn:aws:organizations::aws:policy/service_control_policy/" + p.id()
        : arn("policy", "service_control_policy/" + p.id());
    return into.put("Id", p.id()).put("Arn", arn).put("Name", p.name()).put("Description", p.description())
        .put("Type", "SERVICE_CONTROL_POLICY").put("AwsManaged", p.awsManaged());
  }

  private <T> ObjectNode page(JsonNode request, List<T> items, String field, java.util.function.Function<T, ObjectNode> render) {
    int from = 0;
    if (request.hasNonNull("NextToken")) {
      try {
        from = Integer.parseInt(new String(Base64.getDecoder().decode(request.get("NextToken").asText()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new Failure("InvalidInputException", "The NextToken is not valid.");
      }
    }
    int to = Math.min(items.size(), from + PAGE);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray(field);
    items.subList(Math.min(from, items.size()), to).forEach(i -> list.add(render.apply(i)));
    if (to < items.size()) {
      out.put("NextToken", Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
