package io.periscope.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key that encrypts a secret at rest (see {@link AtRestEncryption}), given as base64 text
 * ({@code openssl rand -base64 32}) in a file or an environment variable. Its {@link #id()} is a
 * short fingerprint that is stored next to what it encrypted, so a start-up with the wrong key can
 * say which key is needed; the key bytes never appear in {@link #toString()}, an exception or a log.
 */
public final class EncryptionKey {
  public static final int BYTES = 32;
  private static final byte[] ID_CONTEXT = "periscope at-rest key id v1".getBytes(StandardCharsets.UTF_8);

  private final byte[] bytes;
  private final String id;
  private final String source;

  private EncryptionKey(byte[] bytes, String source) {
    this.bytes = bytes;
    this.source = source;
    this.id = fingerprint(bytes);
  }

  /**
   * @param base64 the key as base64 text (white space and line breaks ignored); never echoed in errors
   * @param source where it came from, for messages (a config key or an environment variable's name)
   * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes; the message never contains the text
   */
  public static EncryptionKey parse(String base64, String source) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      // The JDK's message quotes the offending character: a piece of the secret.
      throw new IllegalArgumentException("is not base64 text; expected a 256-bit key as made by 'openssl rand -base64 32'");
    }
    if (decoded.length != BYTES) {
      int length = decoded.length;
      Arrays.fill(decoded, (byte) 0);
      throw new IllegalArgumentException("decodes to " + length + " bytes; expected a 256-bit (32-byte) key as made by 'openssl rand -base64 32'");
    }
    return new EncryptionKey(decoded, source);
  }

  /** The first 8 bytes of a SHA-256 over the key, in hex: names the key, reveals nothing of a random 256-bit key. */
  public String id() {
    return id;
  }

  /** Where the key was read from (a config key or an environment variable's name). */
  public String source() {
    return source;
  }

  SecretKey secretKey() {
    return new SecretKeySpec(bytes, "AES");
  }

  private static String fingerprint(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ID_CONTEXT);
      return HexFormat.of().formatHex(sha.digest(key), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey k && MessageDigest.isEqual(bytes, k.bytes) && source.equals(k.source);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "EncryptionKey[id=" + id + ", source=" + source + "]";
  }
}
