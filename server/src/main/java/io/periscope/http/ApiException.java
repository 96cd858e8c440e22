package io.periscope.http;

/**
 * An error with a definite HTTP status and a stable machine-readable code. The error mapper
 * renders it as {@code {code, message, requestId}}; the message must be safe to show a user.
 */
public class ApiException extends RuntimeException implements io.periscope.audit.AuditedFailure {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public ApiException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** A 403 is a refusal; any other status a failure. */
  @Override
  public io.periscope.audit.Outcome auditOutcome() {
    return status == 403 ? io.periscope.audit.Outcome.DENIED : io.periscope.audit.Outcome.FAILURE;
  }

  @Override
  public String auditReason() {
    return getMessage();
  }

  /** A 400 is input refused before any action: not audited. */
  @Override
  public boolean audited() {
    return status != 400;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }
}
