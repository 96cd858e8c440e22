package io.periscope.helm.http;

import io.periscope.helm.HelmRelease;
import java.time.Instant;
import java.util.List;

/** The wire shape of one release revision (metadata only: values, manifest and notes have their own routes). */
record HelmReleaseView(
    String name, String namespace, int revision, String status, String chart, String chartVersion, String appVersion,
    Instant firstDeployed, Instant updated, String description, String driver, List<HelmRelease.Dependency> dependencies) {

  static HelmReleaseView of(HelmRelease r) {
    return new HelmReleaseView(r.name(), r.namespace(), r.revision(), r.status(), r.chart(), r.chartVersion(),
        r.appVersion(), r.firstDeployed(), r.updated(), r.description(), r.driver().wireName(), r.dependencies());
  }
}
