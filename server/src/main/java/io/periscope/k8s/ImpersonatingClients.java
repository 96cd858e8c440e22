package io.periscope.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.ImpersonatorInterceptor;
import io.periscope.authz.IdentityResolver;
import io.periscope.authz.ImpersonatedIdentity;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterRegistry;
import java.util.Optional;

/**
 * Hands out per-request views of a cluster's shared client that carry the person's
 * {@code Impersonate-User}/{@code Impersonate-Group} headers, or none at all when the mode acts as
 * the server's own identity (shared mode, {@code sharedIdentity: server}). The view shares the
 * cluster's HTTP client (one pool per cluster); only the request configuration differs. Identity
 * is resolved before any client exists, so a person without an identity never causes an
 * apiserver call.
 */
public final class ImpersonatingClients {
  private final ClusterRegistry registry;
  private final IdentityResolver identities;

  public ImpersonatingClients(ClusterRegistry registry, IdentityResolver identities) {
    this.registry = registry;
    this.identities = identities;
  }

  /** Whom calls to the apiserver for this person impersonate; empty: the server's own identity. */
  public Optional<ImpersonatedIdentity> identity(Principal principal) {
    return identities.resolve(principal);
  }

  /** @throws io.periscope.authz.NoIdentityException when the authorization mode yields no identity */
  public KubernetesClient forUser(String cluster, Principal principal) {
    Optional<ImpersonatedIdentity> identity = identities.resolve(principal);
    KubernetesClient shared = registry.client(cluster);
    return shared.newClient(requestConfig(shared, identity)).adapt(KubernetesClient.class);
  }

  /**
   * The cluster's list transport as this person (same impersonation headers as {@link #forUser}),
   * or empty when the cluster has none and lists go through {@link #forUser}'s client.
   *
   * @throws io.periscope.authz.NoIdentityException when the authorization mode yields no identity
   */
  public Optional<ListTransport> listTransportForUser(String cluster, Principal principal) {
    Optional<ImpersonatedIdentity> identity = identities.resolve(principal);
    KubernetesClient shared = registry.client(cluster);
    RequestConfig rc = requestConfig(shared, identity);
    return registry.listTransport(cluster).map(t -> new ListTransport(t.newBuilder()
        .tag(rc)
        .addOrReplaceInterceptor(ImpersonatorInterceptor.NAME, new ImpersonatorInterceptor(rc))
        .build(), shared.getMasterUrl().toString()));
  }

  /**
   * The cluster's list transport as the server itself (no impersonation), for background work that
   * reads nothing on anyone's behalf, such as opening its connection; empty when it has none.
   */
  public Optional<ListTransport> listTransportForServer(String cluster) {
    return registry.listTransport(cluster).map(t -> new ListTransport(t, registry.client(cluster).getMasterUrl().toString()));
  }

  /** A cluster's list transport carrying one person's impersonation, and the apiserver URL it reaches. */
  public record ListTransport(HttpClient http, String masterUrl) {}

  /** The person's impersonation, or none: fabric8 sends no {@code Impersonate-*} header for an empty user. */
  private static RequestConfig requestConfig(KubernetesClient shared, Optional<ImpersonatedIdentity> identity) {
    return new RequestConfigBuilder(shared.getConfiguration().getRequestConfig())
        .withImpersonateUsername(identity.map(ImpersonatedIdentity::user).orElse(null))
        .withImpersonateGroups(identity.map(i -> i.groups().toArray(String[]::new)).orElse(new String[0]))
        .withImpersonateExtras(java.util.Map.of())
        .build();
  }
}
