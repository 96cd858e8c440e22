package io.periscope.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Dev mode's storage key (it seals the IdP tokens in the session store): kept beside the dev
 * database, so sessions survive a restart of {@code ./periscope}; created once, readable by the
 * owner only. Production takes the key from a Secret ({@code storage.keyFile}).
 */
final class DevKeys {
  private DevKeys() {}

  static Path beside(Path database) {
    Path key = database.toAbsolutePath().resolveSibling("storage.key");
    try {
      Files.createDirectories(key.getParent());
      if (!Files.exists(key)) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Files.writeString(key, Base64.getEncoder().encodeToString(bytes));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the dev storage key beside " + database, e);
    }
  }
}
