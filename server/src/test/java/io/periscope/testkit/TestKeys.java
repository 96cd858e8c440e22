package io.periscope.testkit;

import io.periscope.storage.AtRestEncryption;
import io.periscope.storage.EncryptionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** At-rest encryption keys for tests: a fresh random key, as text, in a file, or ready to seal with. */
public final class TestKeys {
  private TestKeys() {}

  /** A new base64-encoded 256-bit key, as {@code openssl rand -base64 32} prints it. */
  public static String newKeyText() {
    byte[] key = new byte[EncryptionKey.BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Sealing with a new random key. */
  public static AtRestEncryption newEncryption() {
    return new AtRestEncryption(EncryptionKey.parse(newKeyText(), "test"), List.of());
  }

  /** A new key written to a file in {@code dir}, for {@code storage.keyFile} and the like. */
  public static Path newKeyFile(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(Files.createTempFile(dir, "key-", ".b64"), newKeyText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
