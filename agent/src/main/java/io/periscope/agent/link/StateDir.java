package io.periscope.agent.link;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** The agent's persistent identity: {@code agent.key} (PKCS#8 PEM, 0600) and {@code agent.crt} (chain PEM). */
final class StateDir {
  private final Path dir;

  StateDir(Path dir) {
    this.dir = dir;
  }

  Path key() {
    return dir.resolve("agent.key");
  }

  Path certificate() {
    return dir.resolve("agent.crt");
  }

  boolean registered() {
    return Files.isRegularFile(key()) && Files.isRegularFile(certificate());
  }

  void store(PrivateKey key, String chainPem) throws IOException {
    Files.createDirectories(dir);
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    write(key(), pem.toString(), true);
    write(certificate(), chainPem, false);
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
