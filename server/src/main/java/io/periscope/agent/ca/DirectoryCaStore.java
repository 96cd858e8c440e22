package io.periscope.agent.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CA as PEM files in a directory ({@code ca.crt}; {@code ca.key}, PKCS#8, not encrypted, mode
 * 0600), for installs that keep it on a volume ({@code agent.ca.store: directory}). Also read once
 * as the seed of an empty {@link SqlCaStore}, so an install that had its CA here keeps it when it
 * moves to the database. Several processes sharing the directory must not create it at the same
 * moment (the database store has no such limit).
 */
public final class DirectoryCaStore implements CaStore {
  private final Path dir;

  public DirectoryCaStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<Material> load() {
    Path cert = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    if (!Files.exists(cert) || !Files.exists(key)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Material(Pem.certificates(Files.readString(cert)).getFirst(), Pem.privateKey(Files.readString(key))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent CA in " + dir, e);
    }
  }

  @Override
  public Optional<BigInteger> storedSerial() {
    return load().map(Material::serial);
  }

  @Override
  public Material createIfAbsent(Material candidate) {
    return load().orElseGet(() -> write(candidate));
  }

  @Override
  public Material replace(BigInteger expected, Material next) {
    return write(next);
  }

  private Material write(Material m) {
    try {
      Files.createDirectories(dir);
      // The key first: a crash in between leaves no certificate without its key.
      Pem.write(dir.resolve("ca.key"), Pem.encode(m.key()), true);
      Pem.write(dir.resolve("ca.crt"), Pem.encode(m.certificate()), false);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the agent CA in " + dir, e);
    }
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }
}
