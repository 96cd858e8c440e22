package io.periscope.http;

import io.javalin.http.Context;
import io.periscope.resources.ObjectAddress;

/**
 * The {@code {namespace}} and {@code {name}} of every matched {@code /api/clusters/...} route are
 * Kubernetes names before any handler runs: routes put them into apiserver URL paths (pods, logs,
 * exec, Helm releases, workloads), which fabric8 does not encode, so a decoded {@code real?x=y} or
 * {@code a/../b} would read another object than the one audited. A 400 names the segment instead.
 * The one {@code {name}} that is not a Kubernetes name, an EKS add-on's, goes to AWS through its SDK.
 */
public final class ObjectNamesInPaths {
  private ObjectNamesInPaths() {}

  public static void check(Context ctx) {
    var matched = ctx.endpoints().matchedHttpEndpoint();
    String route = matched == null ? "" : matched.path;
    if (!route.startsWith("/api/clusters/") || route.contains("/eks/")) {
      return;
    }
    var params = ctx.pathParamMap();
    String namespace = params.get("namespace");
    if (namespace != null && !namespace.equals(ObjectAddress.NO_NAMESPACE)) {
      ObjectAddress.requireName("namespace", namespace);
    }
    String name = params.get("name");
    if (name != null) {
      ObjectAddress.requireName(route.contains("/nodes/{name}") ? "node name" : "name", name);
    }
  }
}
