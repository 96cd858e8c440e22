package io.periscope.stream;

/**
 * Kubernetes documents resourceVersions as opaque, but every etcd-backed apiserver sends decimal
 * revisions. Sharing a watch between tabs needs to order them, so only versions that are plain
 * decimals are compared; anything else keeps its subscription on a watch of its own.
 */
final class ResourceVersions {
  private ResourceVersions() {}

  /** The version as a number, or -1 when it is not a plain decimal (then it is never compared). */
  static long number(String rv) {
    if (rv == null || rv.isEmpty() || rv.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < rv.length(); i++) {
      char c = rv.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
