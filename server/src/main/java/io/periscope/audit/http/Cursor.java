package io.periscope.audit.http;

import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Opaque page cursor: the id to continue below, bound to a fingerprint of the (scoped) filter so
 * a cursor cannot be replayed against another query. Not a secret: a forged id only moves the
 * page start, and the read scope is enforced on every request regardless of the cursor.
 */
record Cursor(long beforeId, String fingerprint) {
  // c2: the fingerprint covers name and the verb set (c1 cursors, which did not, are refused as malformed).
  private static final String VERSION = "c2";

  String encode() {
    String raw = VERSION + "." + beforeId + "." + fingerprint;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws Problem 400 if malformed or issued for a different filter */
  static Cursor decode(String token, AuditFilter filter) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\.");
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("cursor is malformed; use the nextCursor value of a previous response");
    }
    if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[1].matches("[0-9]{1,18}")) {
      throw Problem.badRequest("cursor is malformed; use the nextCursor value of a previous response");
    }
    if (!parts[2].equals(fingerprint(filter))) {
      throw Problem.badRequest("cursor belongs to a different query; repeat the same filters or start again without a cursor");
    }
    return new Cursor(Long.parseLong(parts[1]), parts[2]);
  }

  static Cursor after(long lastId, AuditFilter filter) {
    return new Cursor(lastId, fingerprint(filter));
  }

  static String fingerprint(AuditFilter f) {
    // Every filter the query runs with: a field left out here would let a cursor cross into another query's rows.
    Optional<String> verbs = f.verbs().isEmpty() ? Optional.empty()
        : Optional.of(f.verbs().stream().map(Verb::wireName).collect(Collectors.joining(",")));
    String canonical = Stream.of(f.actor(), verbs, f.cluster(), f.namespace(), f.resource(), f.name(),
            f.outcome().map(o -> o.wireName()), f.from().map(Object::toString), f.to().map(Object::toString), f.text())
        .map(o -> ((Optional<?>) o).map(v -> "=" + v).orElse("-"))
        .collect(Collectors.joining("\u001f"));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
