package io.periscope.authz.http;

import io.javalin.config.RoutesConfig;
import io.periscope.auth.http.CurrentUser;
import io.periscope.authz.IdentityResolver;

/**
 * A cluster's AWS pages (add-ons, upgrade readiness, Cluster Access, the AWS capabilities) are read
 * with the server's own AWS identity, not the person's, so the apiserver's RBAC never sees them. They
 * are still the cluster's: someone to whom the authorization mode gives no identity there (tier mode,
 * no group mapped to a tier) gets the same {@code 403 no_identity} as for its Kubernetes objects,
 * before anything is asked of AWS.
 */
public final class ServerIdentityReads {
  private ServerIdentityReads() {}

  public static void register(RoutesConfig routes, IdentityResolver identities) {
    for (String path : new String[] {"/api/clusters/{cluster}/eks/*", "/api/clusters/{cluster}/aws/*"}) {
      routes.before(path, ctx -> identities.resolve(CurrentUser.of(ctx).principal()));
    }
  }
}
