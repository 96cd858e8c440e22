package io.periscope.helm;

import java.time.Instant;

/**
 * One row of the release list or of a release's history. When the revision's payload cannot be
 * decoded, the fields the storage labels carry (name, namespace, revision, status) are still set
 * and {@code error} says what is wrong; the other rows are unaffected.
 */
public record ReleaseSummary(
    String name,
    String namespace,
    String chart,
    String chartVersion,
    String appVersion,
    int revision,
    String status,
    Instant updated,
    String description,
    String driver,
    String storageObject,
    String error) {

  static ReleaseSummary of(HelmRelease r, StoredRelease s) {
    return new ReleaseSummary(r.name(), r.namespace(), r.chart(), r.chartVersion(), r.appVersion(), r.revision(),
        r.status(), r.updated(), r.description(), s.driver().wireName(), s.objectName(), null);
  }

  static ReleaseSummary undecodable(StoredRelease s, String error) {
    return new ReleaseSummary(s.name(), s.namespace(), null, null, null, s.revision(), s.statusLabel(), null, null,
        s.driver().wireName(), s.objectName(), "cannot decode " + s.objectName() + ": " + error);
  }
}
