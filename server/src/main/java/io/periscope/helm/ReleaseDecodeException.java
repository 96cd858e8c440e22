package io.periscope.helm;

/** A storage object whose payload is not a Helm release; the message names the failing layer. */
public final class ReleaseDecodeException extends Exception {
  public ReleaseDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
