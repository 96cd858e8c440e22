package io.periscope.audit.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code hash(n) = hex(SHA-256(hash(n-1) || canonicalJson(row n)))}. The canonical JSON has keys
 * in alphabetical order at every level, no whitespace, the sequence id, time as epoch
 * microseconds, groups as an array and extra as its stored (key-sorted) JSON. The chain starts
 * from {@link #GENESIS}; after pruning it starts from the anchor, the hash of the last pruned row.
 */
public final class HashChain {
  public static final String GENESIS = "0".repeat(64);
  private static final JsonFactory JSON = new JsonFactory();

  private HashChain() {}

  static String next(String previousHash, EventRow row) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(canonical(row).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  static String canonical(EventRow r) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("actor");
      g.writeStringField("email", r.actorEmail());
      g.writeFieldName("groups");
      g.writeRawValue(r.actorGroups());
      g.writeStringField("sub", r.actorSub());
      g.writeEndObject();
      g.writeFieldName("extra");
      g.writeRawValue(r.extra());
      g.writeNumberField("id", r.id());
      g.writeStringField("outcome", r.outcome());
      g.writeStringField("reason", r.reason());
      g.writeStringField("requestId", r.requestId());
      g.writeObjectFieldStart("target");
      g.writeStringField("cluster", r.cluster());
      g.writeStringField("name", r.name());
      g.writeStringField("namespace", r.namespace());
      g.writeStringField("resource", r.resource());
      g.writeEndObject();
      g.writeNumberField("time", r.timeUs());
      g.writeStringField("verb", r.verb());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("canonical JSON of audit row " + r.id(), e);
    }
    return out.toString();
  }
}
