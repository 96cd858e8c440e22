package io.periscope.names;

import java.util.Locale;

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
   * The build a kubelet reports as a container's {@code imageID}: the registry's digest in
   * {@code docker-pullable://repo@sha256:…} or {@code repo@sha256:…}, else a local image's id
   * ({@code sha256:…}, {@code docker://sha256:…}); lower case; {@code null} when there is none yet
   * (the image is still being pulled).
   */
  public static String digestOf(String imageId) {
    return readImageId(imageId, false);
  }

  /**
   * Only the registry's digest of {@link #digestOf} (after {@code @}): what a registry and its
   * scanner know the build by. A local image's id is no such digest.
   */
  public static String registryDigestOf(String imageId) {
    return readImageId(imageId, true);
  }

  /** Scanned by hand, not by pattern: every list of pods reads it for every container. */
  private static String readImageId(String imageId, boolean registryOnly) {
    if (imageId == null) {
      return null;
    }
    String id = imageId.strip();
    int at = id.lastIndexOf('@');
    if (at >= 0) {
      return digest(id.substring(at + 1));
    }
    if (registryOnly) {
      return null;
    }
    int scheme = id.indexOf("://");
    return digest(scheme > 0 && isScheme(id.substring(0, scheme)) ? id.substring(scheme + 3) : id);
  }

  private static boolean isScheme(String s) {
    return s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '-');
  }

  /** {@code algorithm:hex} (at least 32 hex digits), case folded; else {@code null}. */
  private static String digest(String candidate) {
    String d = candidate.toLowerCase(Locale.ROOT);
    int colon = d.indexOf(':');
    if (colon < 1 || d.length() - colon - 1 < 32) {
      return null;
    }
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      boolean ok = i < colon ? c >= 'a' && c <= 'z' || c >= '0' && c <= '9' : i == colon || c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
      if (!ok) {
        return null;
      }
    }
    return d;
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
