package io.periscope.http;

import io.javalin.http.Context;
import io.periscope.resources.ObjectAddress;
import java.util.List;
import java.util.Map;

/**
 * The path parameters that name a Kubernetes object are Kubernetes names before any handler runs:
 * routes put them into apiserver URL paths (pods, logs, exec, Helm releases, workloads, nodes),
 * which fabric8 does not encode, so a decoded {@code real?x=y} or {@code a/../b} would read another
 * object than the one audited. A 400 names the parameter instead.
 *
 * <p>What a parameter names is its name: {@code {namespace}}, {@code {name}} (an object of the
 * route's kind) and {@code {node}} are Kubernetes names; a route names anything else for what it
 * is ({@code {addon}}, {@code {id}}, {@code {subject}}) and checks it itself.
 */
public final class ObjectNamesInPaths {
  /** Parameter, and what a 400 calls it; a namespace of {@code _} stands for none (cluster-scoped kinds). */
  private static final List<Map.Entry<String, String>> NAMES = List.of(
      Map.entry("namespace", "namespace"), Map.entry("name", "name"), Map.entry("node", "node name"));

  private ObjectNamesInPaths() {}

  public static void check(Context ctx) {
    var params = ctx.pathParamMap();
    for (var parameter : NAMES) {
      String value = params.get(parameter.getKey());
      if (value != null && !(parameter.getKey().equals("namespace") && value.equals(ObjectAddress.NO_NAMESPACE))) {
        ObjectAddress.requireName(parameter.getValue(), value);
      }
    }
  }
}
