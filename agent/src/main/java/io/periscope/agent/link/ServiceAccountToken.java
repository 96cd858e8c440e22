package io.periscope.agent.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The agent's own ServiceAccount token, re-read whenever the file (or the symlink behind it) changes. */
final class ServiceAccountToken {
  private final Path file;
  private FileTime seen;
  private String token;

  ServiceAccountToken(Path file) {
    this.file = file;
  }

  synchronized String current() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (token == null || !modified.equals(seen)) {
        token = Files.readString(file).trim();
        seen = modified;
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ServiceAccount token " + file, e);
    }
  }
}
