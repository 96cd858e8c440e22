package io.periscope.problem;

/**
 * An error with a definite HTTP status and a stable machine-readable code from {@link ErrorCode}.
 * The HTTP edge renders it as {@code {code, message, requestId}}; the message must be safe to show
 * a person. Domain code throws it without knowing about HTTP; features subclass it when a
 * failure carries more (the conflicting fields of an apply, say).
 */
public class Problem extends RuntimeException {
  private final ErrorCode code;

  public Problem(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public Problem(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode errorCode() {
    return code;
  }

  public int status() {
    return code.status();
  }

  /** The wire code, e.g. {@code bad_request}. */
  public String code() {
    return code.code();
  }

  public static Problem badRequest(String message) {
    return new Problem(ErrorCode.BAD_REQUEST, message);
  }

  public static Problem unauthenticated(String message) {
    return new Problem(ErrorCode.UNAUTHENTICATED, message);
  }

  public static Problem forbidden(String message) {
    return new Problem(ErrorCode.FORBIDDEN, message);
  }

  public static Problem notFound(String message) {
    return new Problem(ErrorCode.NOT_FOUND, message);
  }
}
