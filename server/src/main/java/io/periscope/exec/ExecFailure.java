package io.periscope.exec;

import io.periscope.rbac.denial.DeniedRequest;
import java.util.Optional;

/**
 * Why a shell could not start or ended abnormally, with the WebSocket close code the browser gets.
 * Codes in the 4000 range are Periscope's own (4000 + the HTTP status they resemble).
 *
 * @param refused the request the apiserver refused, when a 403 names one (for the denial explainer)
 */
public record ExecFailure(Kind kind, String message, Optional<DeniedRequest> refused) {
  public ExecFailure(Kind kind, String message) {
    this(kind, message, Optional.empty());
  }

  /** The closed set of failures; each has a wire code and a close code. */
  public enum Kind {
    BAD_REQUEST("bad_request", 4400),
    DENIED("forbidden", 4403),
    NOT_FOUND("pod_not_found", 4404),
    IDLE_TIMEOUT("idle_timeout", 4408),
    SESSION_ENDED("session_ended", 4401),
    STDIN_TOO_LARGE("stdin_too_large", 1009),
    TOO_MANY_SESSIONS("too_many_sessions", 4429),
    APISERVER("apiserver_error", 1011);

    private final String code;
    private final int closeCode;

    Kind(String code, int closeCode) {
      this.code = code;
      this.closeCode = closeCode;
    }

    public String code() {
      return code;
    }

    public int closeCode() {
      return closeCode;
    }
  }
}
