package io.periscope.aws;

import io.periscope.audit.AuditTrail;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How every AWS surface calls AWS for a person: audited through the one audit path (verb and
 * {@code extra.op} chosen by the feature), and AWS's errors turned into clear API errors that
 * name the IAM action the server's role lacks, instead of SDK exceptions; AWS's words in them without
 * ARNs or account ids ({@link AwsErrorText}).
 */
public final class AwsCalls {
  private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
      "UnauthorizedException", "AuthorizationError", "NotAuthorized");
  private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "ThrottledException",
      "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown");
  private static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "ResourceNotFoundException", "NotFoundException", "NoSuchEntityException");

  private final AuditTrail trail;

  public AwsCalls(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * Runs {@code call} (the IAM action it performs is {@code action}, e.g. {@code iam:GetRole}) and
   * records the row {@code audit}; AWS errors become {@link Problem}s (see {@link #translate}).
   */
  public <T> T call(AuditTrail.Action audit, String action, Supplier<T> call) {
    return trail.run(audit, () -> unaudited(action, call));
  }

  /** As {@link #call} for work that is not audited (the server's own background reads). */
  public static <T> T unaudited(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(action, e);
    }
  }

  /** AWS's error code (e.g. {@code AWSOrganizationsNotInUseException}) of a failure {@link #translate} made, if AWS sent one. */
  public static java.util.Optional<String> awsErrorCode(Problem p) {
    return p.getCause() instanceof AwsServiceException s && s.awsErrorDetails() != null
        ? java.util.Optional.ofNullable(s.awsErrorDetails().errorCode()) : java.util.Optional.empty();
  }

  /**
   * 403 {@code aws_access_denied} naming the action; 503 {@code aws_throttled} once the SDK's
   * retries are spent; 404 {@code aws_not_found}; 502 {@code aws_credentials_unavailable},
   * {@code aws_unreachable} or {@code aws_error} with AWS's code otherwise.
   */
  public static Problem translate(String action, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? "HTTP " + s.statusCode()
          : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null ? "" : s.awsErrorDetails().errorMessage();
      // REST-JSON services name errors like Java classes (AccessDeniedException): show AWS's code without the suffix.
      String shown = code.endsWith("Exception") && code.length() > "Exception".length() ? code.substring(0, code.length() - "Exception".length()) : code;
      String said = shown + (message.isBlank() ? "" : ": " + AwsErrorText.logged(action, message));
      if (DENIED.contains(code) || s.statusCode() == 403) {
        return new Problem(ErrorCode.AWS_ACCESS_DENIED,
            "the Periscope server's AWS role is not allowed " + action + " (" + said + "); grant it in the server role's policy", e);
      }
      if (THROTTLED.contains(code) || s.isThrottlingException()) {
        return new Problem(ErrorCode.AWS_THROTTLED, "AWS throttled " + action + " after retries (" + said + "); try again shortly", e);
      }
      if (NOT_FOUND.contains(code) || s.statusCode() == 404) {
        return new Problem(ErrorCode.AWS_NOT_FOUND, action + ": " + said, e);
      }
      return new Problem(ErrorCode.AWS_ERROR, action + " failed: " + said, e);
    }
    String detail = AwsErrorText.logged(action, e.getMessage());
    if (e instanceof SdkClientException && detail.contains("Unable to load credentials")) {
      return new Problem(ErrorCode.AWS_CREDENTIALS_UNAVAILABLE,
          "the server has no AWS credentials for " + action + " (use EKS Pod Identity or IRSA): " + detail, e);
    }
    return new Problem(ErrorCode.AWS_UNREACHABLE, action + " could not reach AWS: " + detail, e);
  }

}
