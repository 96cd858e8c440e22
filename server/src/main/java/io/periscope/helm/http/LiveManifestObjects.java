package io.periscope.helm.http;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.helm.ReleaseDrift;
import io.periscope.helm.ReleaseDrift.Live;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import io.periscope.resources.Discovery;
import io.periscope.resources.ObjectAddress;
import io.periscope.resources.ResourceKind;
import io.periscope.resources.ResourceReader;
import java.util.Optional;

/** A release's manifest objects read live through the resource API: the cluster's discovery for the kind, then a get as the person. */
record LiveManifestObjects(Discovery discovery, ResourceReader reader, String cluster, Principal who) implements ReleaseDrift.LiveObjects {

  @Override
  public Live read(String apiVersion, String kind, String namespace, String name) {
    Optional<ResourceKind> served = discovery.byKind(cluster, apiVersion, kind);
    if (served.isEmpty()) {
      return new Live.UnknownKind("cluster '" + cluster + "' does not serve " + kind + " of " + apiVersion
          + " (its CustomResourceDefinition is gone, or the API version was removed)");
    }
    ResourceKind k = served.get();
    var where = new ReleaseDrift.Where(k.group(), k.version(), k.plural(), k.namespaced() ? namespace : "");
    try {
      return new Live.Found(where, reader.get(who, new ObjectAddress(cluster, k, where.namespace(), name)));
    } catch (KubernetesClientException e) {
      return e.getCode() == 404 ? new Live.Missing(where, "not in the cluster: deleted since the release deployed it")
          : new Live.Unreadable(where, KubernetesErrors.message(e) + (e.getCode() > 0 ? " (" + e.getCode() + ")" : ""));
    } catch (Problem p) {
      return new Live.Unreadable(where, p.getMessage());
    }
  }
}
