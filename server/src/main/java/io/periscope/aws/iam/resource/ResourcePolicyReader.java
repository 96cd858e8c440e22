package io.periscope.aws.iam.resource;

import io.periscope.audit.AuditTrail;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.problem.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads a resource's policy with the server's identity: {@code s3:GetBucketPolicy},
 * {@code kms:GetKeyPolicy} (the {@code default} policy, the only name KMS has) or
 * {@code secretsmanager:GetResourcePolicy}; each audited as {@code aws_iam_read} with its op
 * ({@code get_bucket_policy}, {@code get_key_policy}, {@code get_resource_policy}). "No policy"
 * ({@code NoSuchBucketPolicy}, a secret without one) and "not readable" (refused) are told apart;
 * other failures (no such bucket, key or secret; AWS unreachable) are errors.
 */
public final class ResourcePolicyReader {
  private final AwsClients aws;
  private final AwsCalls calls;

  public ResourcePolicyReader(AwsClients aws, AwsCalls calls) {
    this.aws = aws;
    this.calls = calls;
  }

  /** @param fallbackRegion where to ask when the ARN names no region (S3: the client follows the bucket to its region) */
  public ResourceAccess.PolicyRead read(NamedResource r, Region fallbackRegion, AuditTrail.Action audit) {
    Region region = r.region().map(Region::of).orElse(fallbackRegion);
    String holder = r.policyHolder();
    try {
      Optional<String> json = switch (r.kind()) {
        case S3_BUCKET -> call(audit, "get_bucket_policy", holder, "s3:GetBucketPolicy", () -> {
          try {
            return Optional.of(aws.s3(region).getBucketPolicy(b -> b.bucket(r.name())).policy());
          } catch (S3Exception e) {
            if (e.awsErrorDetails() != null && "NoSuchBucketPolicy".equals(e.awsErrorDetails().errorCode())) {
              return Optional.empty();
            }
            throw e;
          }
        });
        case KMS_KEY -> call(audit, "get_key_policy", holder, "kms:GetKeyPolicy",
            () -> Optional.ofNullable(aws.kms(region).getKeyPolicy(k -> k.keyId(r.arn()).policyName("default")).policy()));
        case SECRET -> call(audit, "get_resource_policy", holder, "secretsmanager:GetResourcePolicy",
            () -> Optional.ofNullable(aws.secretsManager(region).getResourcePolicy(s -> s.secretId(r.arn())).resourcePolicy()));
        case ROLE_TRUST -> throw new IllegalArgumentException("trust policies are read with the role (iam:GetRole)");
      };
      if (json.isEmpty() || json.get().isBlank()) {
        return ResourceAccess.PolicyRead.none(switch (r.kind()) {
          case S3_BUCKET -> "the bucket has no bucket policy (NoSuchBucketPolicy)";
          case SECRET -> "the secret has no resource policy";
          default -> "the key policy is empty";
        });
      }
      try {
        return ResourceAccess.PolicyRead.of(ResourcePolicy.parse(holder, json.get()));
      } catch (IllegalArgumentException e) {
        return ResourceAccess.PolicyRead.notReadable("the policy could not be understood: " + e.getMessage());
      }
    } catch (Problem p) {
      if (p.status() == 403) {
        return ResourceAccess.PolicyRead.notReadable(p.getMessage());
      }
      throw p;
    }
  }

  private <T> T call(AuditTrail.Action audit, String op, String resource, String action, Supplier<T> read) {
    return calls.call(audit.with(Map.of("op", op, "resource", resource)), action, read);
  }
}
