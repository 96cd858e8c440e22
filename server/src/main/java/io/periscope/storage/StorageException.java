package io.periscope.storage;

/** A database operation failed; the message names the operation (never credentials). */
public class StorageException extends RuntimeException {
  public StorageException(String operation, Throwable cause) {
    super(operation + ": " + cause.getMessage(), cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
