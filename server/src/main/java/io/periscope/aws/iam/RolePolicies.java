package io.periscope.aws.iam;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.problem.Problem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Reads every identity policy of a role from IAM: {@code GetRole} (does it still exist?), inline
 * ({@code ListRolePolicies} + {@code GetRolePolicy} each) and managed ({@code ListAttachedRolePolicies},
 * then {@code GetPolicy} for the default version and {@code GetPolicyVersion} for its document), and
 * the permission boundary {@code GetRole} names (a managed policy, read the same way, kept apart).
 * Each IAM call is audited as {@code aws_iam_read} with its own {@code op}, its target the role
 * ({@code iam-roles}) or managed policy ({@code iam-policies}) it read. IAM returns documents
 * URL-encoded. A call that fails is a named problem; the other reads still happen.
 */
final class RolePolicies {
  static final String INLINE = "inline:";
  /** The audit target kinds of the IAM calls, named by ARN. */
  static final String ROLES = "iam-roles";
  static final String POLICIES = "iam-policies";

  /** A managed policy's default version, read at {@code fetchedAt}. */
  record Managed(PolicyDocument document, Instant fetchedAt) {}

  private final AwsCalls calls;
  private final Supplier<Instant> now;

  RolePolicies(AwsCalls calls, Supplier<Instant> now) {
    this.calls = calls;
    this.now = now;
  }

  /**
   * @param managed reads a managed policy through the caller's cache: (policy ARN, read from IAM) → document
   */
  RolePolicySet read(IamClient iam, String roleArn, AuditTrail.Action audit, BiFunction<String, Supplier<Managed>, Managed> managed) {
    Instant started = now.get();
    String name = RolePolicySet.roleName(roleArn);
    List<String> problems = new ArrayList<>();
    RolePolicySet.Existence existence = RolePolicySet.Existence.EXISTS;
    String trust = "";
    String boundaryArn = "";
    AuditTrail.Action onRole = audit.on(ROLES, roleArn);
    try {
      Role role = calls.call(onRole.with(Map.of("op", "get_role")), "iam:GetRole", () -> iam.getRole(r -> r.roleName(name)).role());
      trust = role.assumeRolePolicyDocument() == null ? "" : decode(role.assumeRolePolicyDocument());
      boundaryArn = role.permissionsBoundary() == null || role.permissionsBoundary().permissionsBoundaryArn() == null ? ""
          : role.permissionsBoundary().permissionsBoundaryArn();
    } catch (Problem e) {
      if (e.status() == 404) {
        return new RolePolicySet(roleArn, RolePolicySet.Existence.NOT_FOUND, List.of(),
            List.of("role not found: " + name + " was deleted or renamed"), started, "");
      }
      existence = RolePolicySet.Existence.UNVERIFIED;
      problems.add("verification denied: cannot tell whether " + name + " still exists: " + e.getMessage());
    }
    List<PolicyDocument> documents = new ArrayList<>();
    Instant oldest = started;
    Listed<String> inline = list(problems, () -> calls.call(onRole.with(Map.of("op", "list_role_policies")), "iam:ListRolePolicies",
        () -> iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().stream().toList()));
    Listed<AttachedPolicy> attached = list(problems, () -> calls.call(onRole.with(Map.of("op", "list_attached_role_policies")),
        "iam:ListAttachedRolePolicies", () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream().toList()));
    if (existence == RolePolicySet.Existence.UNVERIFIED && inline.roleMissing() && attached.roleMissing()) {
      // GetRole was refused, but IAM says the role's policy lists belong to no role: it is gone.
      return new RolePolicySet(roleArn, RolePolicySet.Existence.NOT_FOUND, List.of(), List.of("role not found: " + name
          + " was deleted or renamed (IAM has no such role; iam:GetRole itself was refused)"), started, "");
    }
    for (String policy : inline.items()) {
      attempt(problems, () -> PolicyDocument.parse(INLINE + policy, decode(calls.call(
          onRole.with(Map.of("op", "get_role_policy", "policy", policy)), "iam:GetRolePolicy",
          () -> iam.getRolePolicy(r -> r.roleName(name).policyName(policy)).policyDocument())))).ifPresent(documents::add);
    }
    for (AttachedPolicy p : attached.items()) {
      var m = attempt(problems, () -> managed.apply(p.policyArn(), () -> new Managed(readManaged(iam, p.policyArn(), audit), now.get())));
      if (m.isPresent()) {
        documents.add(m.get().document());
        oldest = m.get().fetchedAt().isBefore(oldest) ? m.get().fetchedAt() : oldest;
      }
    }
    PermissionsBoundary boundary = PermissionsBoundary.NONE;
    if (!boundaryArn.isEmpty()) {
      String arn = boundaryArn;
      var m = attempt(problems, () -> managed.apply(arn, () -> new Managed(readManaged(iam, arn, audit), now.get())));
      boundary = new PermissionsBoundary(arn, m.map(Managed::document));
      if (m.isPresent() && m.get().fetchedAt().isBefore(oldest)) {
        oldest = m.get().fetchedAt();
      }
    }
    return new RolePolicySet(roleArn, existence, documents, problems, oldest, trust, boundary);
  }

  private PolicyDocument readManaged(IamClient iam, String arn, AuditTrail.Action audit) {
    AuditTrail.Action onPolicy = audit.on(POLICIES, arn);
    String version = calls.call(onPolicy.with(Map.of("op", "get_policy", "policy", arn)), "iam:GetPolicy",
        () -> iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId());
    String doc = calls.call(onPolicy.with(Map.of("op", "get_policy_version", "policy", arn)), "iam:GetPolicyVersion",
        () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion().document());
    return PolicyDocument.parse(arn, decode(doc));
  }

  /** A list call's items; none and {@code roleMissing} when IAM answered NoSuchEntity. */
  private record Listed<T>(List<T> items, boolean roleMissing) {}

  /** The list, or an empty one with the refusal (naming the action) added to problems. */
  private static <T> Listed<T> list(List<String> problems, Supplier<List<T>> read) {
    try {
      return new Listed<>(read.get(), false);
    } catch (Problem e) {
      problems.add(e.getMessage());
      return new Listed<>(List.of(), e.status() == 404);
    }
  }

  /** The read's result, or empty with its error (an AWS refusal naming the action, or a malformed document) added to problems. */
  private static <T> Optional<T> attempt(List<String> problems, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (Problem | IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
  }

  /** IAM answers documents URL-encoded (RFC 3986); a document already in JSON is taken as is. */
  static String decode(String document) {
    return document.trim().startsWith("{") ? document : URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
