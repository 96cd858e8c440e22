package io.periscope.aws.inspector.versions;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own version ordering, from Maven itself. */
final class MavenOrder {
  private static final Parsed<ComparableVersion> PARSED = new Parsed<>(ComparableVersion::new);

  private MavenOrder() {}

  static int compareVersions(String a, String b) {
    return Integer.signum(PARSED.of(a).compareTo(PARSED.of(b)));
  }
}
