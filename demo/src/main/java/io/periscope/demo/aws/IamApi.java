package io.periscope.demo.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * IAM's query API (version 2010-05-08) over a {@link DemoAccount}: the read calls of roles and
 * their policies. Shapes follow the IAM API reference: documents URL-encoded (RFC 3986), list
 * calls paged with {@code IsTruncated} and an opaque {@code Marker}. IAM may return fewer items
 * than {@code MaxItems} even when more exist; this account returns at most {@value #PAGE} per
 * page, so every client's paging is exercised.
 */
final class IamApi {
  static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
  static final String VERSION = "2010-05-08";
  static final int PAGE = 2;

  private final DemoAccount account;

  IamApi(DemoAccount account) {
    this.account = account;
  }

  /** The IAM action a request names ({@code iam:GetRole}), for the caller's permission check. */
  static String action(Map<String, String> params) {
    return "iam:" + params.getOrDefault("Action", "");
  }

  AwsReply handle(Map<String, String> params, String requestId) {
    String action = params.getOrDefault("Action", "");
    if (!VERSION.equals(params.get("Version"))) {
      return AwsReply.queryError(NAMESPACE, 400, "InvalidAction", "Could not find operation " + action + " for version "
          + params.getOrDefault("Version", "(none)"), requestId);
    }
    try {
      String result = switch (action) {
        case "GetRole" -> getRole(required(params, "RoleName"));
        case "ListRoles" -> page("Roles", account.roles(), params, r -> "<member>\n" + role(r) + "</member>\n");
        case "ListRolePolicies" -> {
          DemoAccount.Role role = role(required(params, "RoleName"));
          yield page("PolicyNames", List.copyOf(role.inline().keySet()), params, n -> "<member>" + AwsReply.escape(n) + "</member>\n");
        }
        case "GetRolePolicy" -> getRolePolicy(required(params, "RoleName"), required(params, "PolicyName"));
        case "ListAttachedRolePolicies" -> {
          DemoAccount.Role role = role(required(params, "RoleName"));
          yield page("AttachedPolicies", role.attached(), params, arn -> "<member>\n<PolicyName>" + AwsReply.escape(arn.substring(arn.lastIndexOf('/') + 1))
              + "</PolicyName>\n<PolicyArn>" + AwsReply.escape(arn) + "</PolicyArn>\n</member>\n");
        }
        case "GetPolicy" -> getPolicy(required(params, "PolicyArn"));
        case "GetPolicyVersion" -> getPolicyVersion(required(params, "PolicyArn"), required(params, "VersionId"));
        case "SimulatePrincipalPolicy" -> simulate(required(params, "PolicySourceArn"), members(params, "ActionNames"),
            members(params, "ResourceArns"));
        default -> throw new Failure(400, "InvalidAction", "Could not find operation " + action + " for version " + VERSION);
      };
      return AwsReply.queryResult(NAMESPACE, action, result, requestId);
    } catch (Failure f) {
      return AwsReply.queryError(NAMESPACE, f.status, f.code, f.getMessage(), requestId);
    }
  }

  /**
   * The role's identity policies evaluated for every action × resource ({@code *} when none is
   * named), in the API reference's shape; the demo's roles are not paged here (fewer than 1,000 results).
   */
  private String simulate(String policySourceArn, List<String> actions, List<String> resources) {
    String roleName = policySourceArn.substring(policySourceArn.lastIndexOf('/') + 1);
    if (!policySourceArn.equals(account.roleArn(roleName)) || account.role(roleName).isEmpty()) {
      throw new Failure(404, "NoSuchEntity", "The role with name " + roleName + " cannot be found.");
    }
    if (actions.isEmpty()) {
      throw new Failure(400, "ValidationError", "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: "
          + "Member must not be null");
    }
    RolePolicy policy = RolePolicy.of(account, roleName);
    StringBuilder out = new StringBuilder("<IsTruncated>false</IsTruncated>\n<EvaluationResults>\n");
    for (String action : actions) {
      for (String resource : resources.isEmpty() ? List.of("*") : resources) {
        out.append("<member>\n<MatchedStatements/>\n<MissingContextValues/>\n<EvalResourceName>").append(AwsReply.escape(resource))
            .append("</EvalResourceName>\n<EvalDecision>").append(policy.decision(action, resource))
            .append("</EvalDecision>\n<EvalActionName>").append(AwsReply.escape(action)).append("</EvalActionName>\n</member>\n");
      }
    }
    return out.append("</EvaluationResults>\n").toString();
  }

  private static List<String> members(Map<String, String> params, String list) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 1; params.containsKey(list + ".member." + i); i++) {
      out.add(params.get(list + ".member." + i));
    }
    return out;
  }

  private String getRole(String name) {
    return "<Role>\n" + role(role(name)) + "</Role>\n";
  }

  private String role(DemoAccount.Role r) {
    return "<Path>/</Path>\n<RoleName>" + AwsReply.escape(r.name()) + "</RoleName>\n<RoleId>" + id("AROA", r.name()) + "</RoleId>\n<Arn>"
        + AwsReply.escape(account.roleArn(r.name())) + "</Arn>\n<CreateDate>" + date(r.created()) + "</CreateDate>\n"
        + "<AssumeRolePolicyDocument>" + SigV4.uriEncode(r.trust(), true) + "</AssumeRolePolicyDocument>\n"
        + (r.description().isEmpty() ? "" : "<Description>" + AwsReply.escape(r.description()) + "</Description>\n")
        + "<MaxSessionDuration>3600</MaxSessionDuration>\n"
        + (r.permissionsBoundary().isEmpty() ? "" : "<PermissionsBoundary>\n<PermissionsBoundaryType>Policy</PermissionsBoundaryType>\n"
            + "<PermissionsBoundaryArn>" + AwsReply.escape(r.permissionsBoundary()) + "</PermissionsBoundaryArn>\n</PermissionsBoundary>\n")
        + "<RoleLastUsed/>\n";
  }

  private String getRolePolicy(String roleName, String policyName) {
    DemoAccount.Role role = role(roleName);
    String document = role.inline().get(policyName);
    if (document == null) {
      throw new Failure(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
    }
    return "<RoleName>" + AwsReply.escape(roleName) + "</RoleName>\n<PolicyName>" + AwsReply.escape(policyName) + "</PolicyName>\n"
        + "<PolicyDocument>" + SigV4.uriEncode(document, true) + "</PolicyDocument>\n";
  }

  private String getPolicy(String arn) {
    DemoAccount.ManagedPolicy p = policy(arn);
    long attachments = account.roles().stream().filter(r -> r.attached().contains(arn)).count();
    return "<Policy>\n<PolicyName>" + AwsReply.escape(p.name()) + "</PolicyName>\n<DefaultVersionId>" + p.defaultVersion()
        + "</DefaultVersionId>\n<PolicyId>" + id("ANPA", arn) + "</PolicyId>\n<Path>" + AwsReply.escape(p.path()) + "</Path>\n<Arn>"
        + AwsReply.escape(arn) + "</Arn>\n<AttachmentCount>" + attachments + "</AttachmentCount>\n"
        + "<PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>\n<IsAttachable>true</IsAttachable>\n<CreateDate>"
        + date(p.created()) + "</CreateDate>\n<UpdateDate>" + date(p.updated()) + "</UpdateDate>\n</Policy>\n";
  }

  private String getPolicyVersion(String arn, String versionId) {
    DemoAccount.ManagedPolicy p = policy(arn);
    String document = p.versions().get(versionId);
    if (document == null) {
      throw new Failure(404, "NoSuchEntity", "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }
    return "<PolicyVersion>\n<Document>" + SigV4.uriEncode(document, true) + "</Document>\n<IsDefaultVersion>"
        + versionId.equals(p.defaultVersion()) + "</IsDefaultVersion>\n<VersionId>" + versionId + "</VersionId>\n<CreateDate>"
        + date(versionId.equals(p.defaultVersion()) ? p.updated() : p.created()) + "</CreateDate>\n</PolicyVersion>\n";
  }

  private DemoAccount.Role role(String name) {
    return account.role(name).orElseThrow(() -> new Failure(404, "NoSuchEntity", "The role with name " + name + " cannot be found."));
  }

  private DemoAccount.ManagedPolicy policy(String arn) {
    return account.managedPolicy(arn).orElseThrow(() -> new Failure(404, "NoSuchEntity",
        "Policy " + arn + " does not exist or is not attachable."));
  }

  /** One page of {@code items} from the {@code Marker} on, at most {@code MaxItems} and {@value #PAGE}. */
  private static <T> String page(String element, List<T> items, Map<String, String> params, Function<T, String> member) {
    int from = Optional.ofNullable(params.get("Marker")).map(IamApi::markerOffset).orElse(0);
    int max = Optional.ofNullable(params.get("MaxItems")).map(IamApi::maxItems).orElse(100);
    int to = Math.min(items.size(), from + Math.min(max, PAGE));
    StringBuilder out = new StringBuilder("<" + element + ">\n");
    for (T item : items.subList(Math.min(from, items.size()), to)) {
      out.append(member.apply(item));
    }
    out.append("</").append(element).append(">\n<IsTruncated>").append(to < items.size()).append("</IsTruncated>\n");
    if (to < items.size()) {
      out.append("<Marker>").append(marker(to)).append("</Marker>\n");
    }
    return out.toString();
  }

  private static String marker(int offset) {
    return Base64.getEncoder().encodeToString(("periscope-demo:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int markerOffset(String marker) {
    try {
      String text = new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
      if (text.startsWith("periscope-demo:")) {
        return Integer.parseInt(text.substring("periscope-demo:".length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw new Failure(400, "ValidationError", "Invalid Marker: " + marker);
  }

  private static int maxItems(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new Failure(400, "ValidationError", "1 validation error detected: Value '" + text
        + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
  }

  private static String required(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
      throw new Failure(400, "ValidationError", "1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  static String date(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A stable IAM unique id ({@code AROA…} roles, {@code ANPA…} policies): the prefix and 17 base32 characters. */
  static String id(String prefix, String of) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    byte[] digest = SigV4.sha256Hex(of.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    StringBuilder out = new StringBuilder(prefix);
    for (int i = 0; i < 17; i++) {
      out.append(alphabet.charAt((digest[i] * 31 + digest[i + 17]) & 31));
    }
    return out.toString();
  }

  /** An API error: HTTP status, AWS error code, message. */
  static final class Failure extends RuntimeException {
    final int status;
    final String code;

    Failure(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
