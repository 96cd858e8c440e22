package io.periscope.agent.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The identity as files in a directory: {@code agent.key} (PKCS#8 PEM, 0600), {@code agent.crt}
 * (chain PEM) and {@code agent.token-sha256} (the registration token's digest, when known).
 */
final class StateDir implements StateStore {
  static final String KEY = "agent.key";
  static final String CERTIFICATE = "agent.crt";
  static final String TOKEN_SHA256 = "agent.token-sha256";

  private final Path dir;

  StateDir(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<Identity> load() {
    Path key = dir.resolve(KEY);
    Path certificate = dir.resolve(CERTIFICATE);
    if (!Files.isRegularFile(key) || !Files.isRegularFile(certificate)) {
      return Optional.empty();
    }
    try {
      Path token = dir.resolve(TOKEN_SHA256);
      String tokenSha256 = Files.isRegularFile(token) ? Files.readString(token).strip() : "";
      return Optional.of(new Identity(Files.readString(key), Files.readString(certificate), tokenSha256));
    } catch (IOException e) {
      throw new StateStoreException("cannot read the agent state in " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(Identity identity) {
    try {
      Files.createDirectories(dir);
      write(dir.resolve(KEY), identity.keyPem(), true);
      write(dir.resolve(CERTIFICATE), identity.chainPem(), false);
      if (identity.tokenSha256().isEmpty()) {
        Files.deleteIfExists(dir.resolve(TOKEN_SHA256));
      } else {
        write(dir.resolve(TOKEN_SHA256), identity.tokenSha256() + "\n", false);
      }
    } catch (IOException e) {
      throw new StateStoreException("cannot write the agent state to " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }

  private static void write(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
