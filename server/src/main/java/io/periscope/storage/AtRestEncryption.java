package io.periscope.storage;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts a secret before it is written to the database: AES-256-GCM with a random 96-bit nonce,
 * under the current {@link EncryptionKey}. The stored text is {@code v1:<key id>:<base64(nonce ||
 * ciphertext || tag)>}, so it names the key that opens it. A caller-chosen context (e.g. a digest of
 * the row's other columns) is authenticated too: a sealed value moved to another row does not open.
 *
 * <p>Key rotation: configure the new key as current and the old one as previous; values sealed
 * under a previous key still open ({@link Opened#underPreviousKey()}), and their owner re-seals
 * them under the current key, after which the previous key can be dropped.
 */
public final class AtRestEncryption {
  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EncryptionKey current;
  private final List<EncryptionKey> previous;

  /** A value that was opened, and whether it was sealed under a previous key (re-seal it). */
  public record Opened(byte[] plaintext, boolean underPreviousKey) {}

  /** No key the server was given opens the value: a start-up with the wrong key. */
  public static final class WrongKeyException extends StorageException {
    private final EncryptionKey configured;

    WrongKeyException(String message, EncryptionKey configured) {
      super(message);
      this.configured = configured;
    }

    /** The current key the server was given (to name its source in the start-up error). */
    public EncryptionKey configured() {
      return configured;
    }
  }

  public AtRestEncryption(EncryptionKey current, List<EncryptionKey> previous) {
    this.current = current;
    this.previous = List.copyOf(previous);
  }

  public EncryptionKey current() {
    return current;
  }

  /** Seals {@code plaintext} under the current key, bound to {@code context}. */
  public String seal(byte[] plaintext, byte[] context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, current.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(context);
      byte[] sealed = gcm.doFinal(plaintext);
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return VERSION + ":" + current.id() + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }

  /**
   * Opens a value {@link #seal} made, with whichever configured key it names.
   *
   * @param what what the value is, for messages (e.g. "the agent CA's private key")
   * @throws WrongKeyException when it was sealed under a key the server was not given
   * @throws StorageException when it is malformed or fails authentication (altered, or moved from another row)
   */
  public Opened open(String what, String sealed, byte[] context) {
    String[] parts = sealed.split(":", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new StorageException("cannot decrypt " + what + ": the stored value is not in the " + VERSION + " format");
    }
    String keyId = parts[1];
    Optional<EncryptionKey> key = Stream.concat(Stream.of(current), previous.stream()).filter(k -> k.id().equals(keyId)).findFirst();
    if (key.isEmpty()) {
      throw new WrongKeyException(what + " in the database was encrypted with the key whose id is " + keyId
          + ", but the key configured in " + current.source() + " has id " + current.id()
          + (previous.isEmpty() ? "" : " and the previous keys have ids " + previous.stream().map(EncryptionKey::id).collect(Collectors.joining(", ")))
          + ". Configure the key it was encrypted with (to change keys, configure the new key and name the old one as the previous key"
          + " once; the value is then re-encrypted)", current);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new StorageException("cannot decrypt " + what + ": the stored value is not base64");
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new StorageException("cannot decrypt " + what + ": the stored value is truncated");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key.get().secretKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      gcm.updateAAD(context);
      byte[] plain = gcm.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new Opened(plain, key.get() != current);
    } catch (AEADBadTagException e) {
      throw new StorageException("cannot decrypt " + what + " with the key whose id is " + keyId
          + ": authentication failed, so the stored value was altered or belongs to another record");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }
}
