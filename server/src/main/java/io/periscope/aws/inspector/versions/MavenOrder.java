package io.periscope.aws.inspector.versions;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own version ordering, from Maven itself. */
final class MavenOrder {
  private MavenOrder() {}

  static int compareVersions(String a, String b) {
    return Integer.signum(new ComparableVersion(a).compareTo(new ComparableVersion(b)));
  }
}
