package io.periscope.images;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container image reference read as container runtimes read it: {@code nginx} is
 * {@code docker.io/library/nginx:latest}, a first path component with a dot, a colon or
 * {@code localhost} names a registry, a tag follows the last path component's colon and a digest
 * follows {@code @}. References kubelets accepted are not validated again.
 *
 * @param tag {@code null} when only a digest pins the image
 * @param digest the digest the reference pins ({@code sha256:…}), else {@code null}
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  static final String DOCKER_HUB = "docker.io";
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+:[0-9a-f]{32,}");

  public static ImageReference parse(String reference) {
    String rest = reference.strip();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /**
   * The image digest in what a kubelet reports as a container's {@code imageID}
   * ({@code docker-pullable://repo@sha256:…}, {@code repo@sha256:…} or {@code sha256:…}); {@code null}
   * when there is none yet (the image is still being pulled).
   */
  public static String digestOf(String imageId) {
    if (imageId == null) {
      return null;
    }
    int at = imageId.lastIndexOf('@');
    String candidate = at >= 0 ? imageId.substring(at + 1) : imageId.replaceFirst("^[a-z-]+://", "");
    candidate = candidate.toLowerCase(Locale.ROOT);
    return DIGEST.matcher(candidate).matches() ? candidate : null;
  }

  /**
   * The name as one types it: Docker Hub's {@code docker.io/} and {@code library/} left out, as
   * {@code docker pull} takes it (the order images are listed in).
   */
  public static String displayName(String registry, String repository) {
    if (!registry.equals(DOCKER_HUB)) {
      return registry + "/" + repository;
    }
    return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
  }

  /** {@code registry/repository}: the image without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The full form, one spelling per image: {@code docker.io/library/nginx:latest}. */
  public String canonical() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** A tag that names a different build whenever someone pushes it again and no digest pins it: {@code latest}, or none. */
  public boolean floating() {
    return digest == null && "latest".equals(tag);
  }
}
