package io.periscope.aws.iam.resource;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource with a policy of its own, named by its ARN: an S3 bucket (or an object in it), a KMS
 * key, a Secrets Manager secret. {@code region} and {@code account} are empty where the ARN has
 * none (S3).
 */
public record NamedResource(ResourceAccess.Kind kind, String arn, String service, String name, Optional<String> region,
    Optional<String> account) {
  private static final Pattern S3 = Pattern.compile("arn:(aws[a-z-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
  private static final Pattern KMS = Pattern.compile("arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\\d{12}):key/([A-Za-z0-9-]{1,128})");
  private static final Pattern SECRET = Pattern.compile("arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})");

  /** @throws Problem 400 {@code invalid_input} saying which ARNs are understood */
  public static NamedResource parse(String arn) {
    String a = arn == null ? "" : arn.trim();
    Matcher m;
    if ((m = S3.matcher(a)).matches()) {
      return new NamedResource(ResourceAccess.Kind.S3_BUCKET, a, "s3", m.group(2), Optional.empty(), Optional.empty());
    }
    if ((m = KMS.matcher(a)).matches()) {
      return new NamedResource(ResourceAccess.Kind.KMS_KEY, a, "kms", m.group(4), Optional.of(m.group(2)), Optional.of(m.group(3)));
    }
    if ((m = SECRET.matcher(a)).matches()) {
      return new NamedResource(ResourceAccess.Kind.SECRET, a, "secretsmanager", m.group(4), Optional.of(m.group(2)), Optional.of(m.group(3)));
    }
    throw new Problem(ErrorCode.INVALID_INPUT, "resource must be the ARN of an S3 bucket or object (arn:aws:s3:::bucket[/key]), a KMS key "
        + "(arn:aws:kms:REGION:ACCOUNT:key/ID; aliases have no key policy of their own) or a Secrets Manager secret "
        + "(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
  }

  /** Whether the ARN names an object in a bucket rather than the bucket. */
  public boolean isObject() {
    return kind == ResourceAccess.Kind.S3_BUCKET && arn.indexOf('/') > 0;
  }

  /** The bucket's ARN (for an object, the bucket it is in); the ARN itself for other kinds. */
  public String policyHolder() {
    return isObject() ? arn.substring(0, arn.indexOf('/')) : arn;
  }

  /**
   * The resource an action is decided on: object actions ({@code s3:*Object*}) named on a bucket
   * are decided on its objects ({@code bucket/*}), bucket actions on the bucket.
   */
  public String resourceFor(String action) {
    if (kind != ResourceAccess.Kind.S3_BUCKET) {
      return arn;
    }
    boolean objectAction = action.toLowerCase(java.util.Locale.ROOT).contains("object");
    return objectAction ? (isObject() ? arn : arn + "/*") : policyHolder();
  }
}
