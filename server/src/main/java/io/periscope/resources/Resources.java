package io.periscope.resources;

import io.periscope.audit.AuditRecorder;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.config.PeriscopeConfig;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import java.time.Clock;
import java.time.Duration;

/** The resource feature's services, built once by the composition root. */
public record Resources(Discovery discovery, ResourceReader reader, ResourceActions actions, AccessReviews reviews, Apiserver apiserver,
    ListCache listCache) {

  /** Time-outs and cache lifetimes; {@code requestTimeout} bounds every apiserver call. */
  public record Settings(Duration requestTimeout, Duration discoveryTtl, Duration crdCheckInterval, Duration accessReviewTtl,
      PeriscopeConfig.ListCache listCache) {
    public static Settings defaults(Duration requestTimeout) {
      return new Settings(requestTimeout, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(30), PeriscopeConfig.ListCache.OFF);
    }

    public Settings withListCache(PeriscopeConfig.ListCache s) {
      return new Settings(requestTimeout, discoveryTtl, crdCheckInterval, accessReviewTtl, s);
    }
  }

  public static Resources create(ClusterRegistry registry, ImpersonatingClients clients, AuditRecorder audit, Clock clock, Settings s) {
    var apiserver = new Apiserver(s.requestTimeout());
    var discovery = new Discovery(registry, apiserver, clock, s.discoveryTtl(), s.crdCheckInterval());
    var reviews = new AccessReviews(clients, s.accessReviewTtl());
    var listCache = new ListCache(s.listCache(), registry, reviews, clock);
    return new Resources(discovery, new ResourceReader(clients, apiserver, discovery, listCache),
        new ResourceActions(clients, apiserver, audit, clock), reviews, apiserver, listCache);
  }
}
