package io.periscope.demo.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The uid a demo object is created with. The CRUD mock numbers them from one JVM-wide counter
 * ({@code 00000000-0000-0000-0000-000000000121}), which no apiserver does and which made the demo's uids (a cluster's
 * identity is its kube-system Namespace's) look made up. A seeded object's uid is derived from its cluster, kind,
 * namespace and name, shaped as the random (version 4) UUID an apiserver gives: the same on every start, so what a
 * dev database remembers about a demo cluster (an agent cluster's bound identity) still matches after a restart,
 * and independent of the order of seeding. An object created after seeding gets a random one, as on a real
 * cluster, where one recreated under the same name is another object with another uid.
 */
final class DemoUids {
  private DemoUids() {}

  /** The uid of the object seeded as {@code kind} {@code namespace/name} (namespace empty for a cluster-scoped one) in {@code cluster}. */
  static String seeded(String cluster, String apiVersion, String kind, String namespace, String name) {
    byte[] h = sha256(cluster + "\n" + apiVersion + "\n" + kind + "\n" + (namespace == null ? "" : namespace) + "\n" + name);
    h[6] = (byte) ((h[6] & 0x0f) | 0x40); // version 4
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(h);
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  /** The uid of an object created after seeding. */
  static String created() {
    return UUID.randomUUID().toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
