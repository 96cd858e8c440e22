package io.periscope.demo.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The demo's image digests: each image reference stands for one made-up manifest whose digest is
 * the SHA-256 of the reference, so the demo clusters' kubelets (their pods' {@code imageID}) and
 * the demo account's Inspector agree without a registry.
 */
public final class ImageDigests {
  private ImageDigests() {}

  /** {@code sha256:<64 hex>} of {@code image}. */
  public static String digest(String image) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** What a kubelet reports as the container's {@code imageID}: the repository without tag, at the digest. */
  public static String imageId(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String repository = colon > slash ? image.substring(0, colon) : image;
    return repository + "@" + digest(image);
  }
}
