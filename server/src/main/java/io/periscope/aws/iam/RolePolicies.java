package io.periscope.aws.iam;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * Fetches every identity policy of a role: inline ({@code ListRolePolicies} + {@code GetRolePolicy}
 * each) and managed ({@code ListAttachedRolePolicies}, then {@code GetPolicy} for the default
 * version and {@code GetPolicyVersion} for its document). Each IAM call is audited as
 * {@code aws_iam_read} with its own {@code op}. IAM returns documents URL-encoded.
 */
public final class RolePolicies {
  private final AwsCalls calls;

  public RolePolicies(AwsCalls calls) {
    this.calls = calls;
  }

  public List<PolicyDocument> of(IamClient iam, String roleName, AuditTrail.Action audit) {
    List<PolicyDocument> out = new ArrayList<>();
    List<String> inline = calls.call(audit.with(Map.of("op", "list_role_policies")), "iam:ListRolePolicies",
        () -> iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList());
    for (String name : inline) {
      String doc = calls.call(audit.with(Map.of("op", "get_role_policy", "policy", name)), "iam:GetRolePolicy",
          () -> iam.getRolePolicy(r -> r.roleName(roleName).policyName(name)).policyDocument());
      out.add(PolicyDocument.parse("inline:" + name, decode(doc)));
    }
    List<AttachedPolicy> attached = calls.call(audit.with(Map.of("op", "list_attached_role_policies")), "iam:ListAttachedRolePolicies",
        () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream().toList());
    for (AttachedPolicy p : attached) {
      String version = calls.call(audit.with(Map.of("op", "get_policy", "policy", p.policyArn())), "iam:GetPolicy",
          () -> iam.getPolicy(r -> r.policyArn(p.policyArn())).policy().defaultVersionId());
      String doc = calls.call(audit.with(Map.of("op", "get_policy_version", "policy", p.policyArn())), "iam:GetPolicyVersion",
          () -> iam.getPolicyVersion(r -> r.policyArn(p.policyArn()).versionId(version)).policyVersion().document());
      out.add(PolicyDocument.parse(p.policyArn(), decode(doc)));
    }
    return out;
  }

  private static String decode(String document) {
    return document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
  }
}
