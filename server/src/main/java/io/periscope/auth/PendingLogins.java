package io.periscope.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import io.periscope.cache.Caches;
import io.periscope.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A login in progress lives in the browser's cookie, sealed with AES-256-GCM under the store's
 * {@link SessionStore#loginStateKey()}: starting a login writes nothing on the server, and any
 * replica can finish it. A finished state is remembered (bounded, for the cookie's lifetime) so a
 * replayed callback is refused on this replica; the IdP refuses a reused code on every replica.
 */
public final class PendingLogins {
  private static final ObjectMapper JSON = Json.mapper();
  private static final byte[] CONTEXT = "periscope-login-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int IV_BYTES = 12;

  private final SecretKeySpec key;
  private final Cache<String, Boolean> finished;

  /** A pending login and when it stops being accepted. */
  public record Sealed(Session.PendingLogin login, Instant expiresAt) {}

  public PendingLogins(byte[] key, Duration ttl) {
    this.key = new SecretKeySpec(key, "AES");
    this.finished = Caches.builder().expireAfterWrite(ttl).maximumSize(100_000).build();
  }

  public String seal(Session.PendingLogin login, Instant expiresAt) {
    try {
      byte[] plain = JSON.writeValueAsBytes(new Sealed(login, expiresAt));
      byte[] iv = SessionIds.randomBytes(IV_BYTES);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      c.updateAAD(CONTEXT);
      byte[] sealed = c.doFinal(plain);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot seal the login state", e);
    }
  }

  /** The login sealed in {@code cookie}, or empty when it is not one of ours (tampered, another key, garbage). */
  public Optional<Sealed> open(String cookie) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(cookie);
      if (raw.length <= IV_BYTES + 16) {
        return Optional.empty();
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, IV_BYTES));
      c.updateAAD(CONTEXT);
      byte[] plain = c.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
      return Optional.of(JSON.readValue(plain, Sealed.class));
    } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** Marks the login's state as used; false when it already was (a replayed callback). */
  public boolean finish(Session.PendingLogin login) {
    return finished.asMap().putIfAbsent(login.state(), Boolean.TRUE) == null;
  }
}
