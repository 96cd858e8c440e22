package io.periscope.agent.registration;

/** A registration or admission refused, with a stable code the agent logs and the docs list. */
public final class RegistrationException extends RuntimeException {
  /** The closed set of refusals. */
  public enum Code {
    TOKEN_UNKNOWN("token_unknown"),
    TOKEN_USED("token_used"),
    TOKEN_EXPIRED("token_expired"),
    CSR_INVALID("csr_invalid"),
    CERTIFICATE_MISSING("certificate_missing"),
    CERTIFICATE_UNKNOWN_CA("certificate_unknown_ca"),
    CERTIFICATE_EXPIRED("certificate_expired"),
    CERTIFICATE_INVALID("certificate_invalid"),
    CERTIFICATE_REVOKED("certificate_revoked");

    private final String wireName;

    Code(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final Code code;

  public RegistrationException(Code code, String message) {
    super(code.wireName() + ": " + message);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
