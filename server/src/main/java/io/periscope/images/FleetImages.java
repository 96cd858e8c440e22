package io.periscope.images;

import io.periscope.authz.Principal;
import io.periscope.aws.inspector.Chip;
import io.periscope.aws.inspector.InspectorCache;
import io.periscope.aws.inspector.Scan;
import io.periscope.clusters.ClusterFanOut;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.json.Json;
import io.periscope.json.ListItems;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fleet's running images: each cluster's pods listed as the person (impersonated, all
 * namespaces), through a {@link ClusterFanOut} so that a cluster that refuses, fails or does not
 * answer in time gets a status line and never holds the others back. A list is read one pod at a
 * time and only each matching container's few fields are kept (with no query, every container's).
 */
public final class FleetImages {
  /** Images answered at most; a query narrows the rest. */
  static final int MAX_IMAGES = 500;
  static final int MAX_QUERY_LENGTH = 256;

  /**
   * @param text part of a reference or digest, any case ({@code log4j}, {@code :latest}, {@code sha256:3f…}); empty: every image
   * @param cluster one cluster only
   */
  public record Query(Optional<String> text, Optional<String> cluster) {
    public Query {
      text = text.map(String::strip).filter(t -> !t.isEmpty());
      if (text.isPresent() && text.get().length() > MAX_QUERY_LENGTH) {
        throw Problem.badRequest("q is longer than " + MAX_QUERY_LENGTH + " characters; give part of an image reference or digest");
      }
    }
  }

  /**
   * How one cluster answered: {@code ok} with how many pods were read, or {@code forbidden},
   * {@code failed}, {@code timeout} with the error code and message its own page would have shown.
   *
   * @param cvesUnavailable why its builds carry no CVE chip although Inspector is on for it: the server's
   *     role was refused (names the IAM action) or the read failed; null otherwise
   */
  public record ClusterPart(String cluster, String status, String code, String message, int pods, String cvesUnavailable) {}

  /**
   * @param matched images matching the query; {@code images} holds the first {@value #MAX_IMAGES} of them
   * @param pods pods running any of them, each once (a pod with a sidecar runs two images)
   * @param partial some cluster did not answer: its images are missing
   */
  public record Answer(List<ImageGroups.Image> images, int matched, int pods, boolean truncated, List<ClusterPart> clusters, boolean partial) {}

  private record ClusterRead(int pods, List<RunningContainer> matching) {
    long matchingPods() {
      return matching.stream().map(c -> c.namespace() + "/" + c.pod()).distinct().count();
    }
  }

  private final ClusterRegistry registry;
  private final ImpersonatingClients clients;
  private final Apiserver apiserver;
  private final ClusterFanOut fanOut;
  private final InspectorCache inspector;

  /** @param inspector the clusters' Inspector findings (read with the server's identity), for each build's CVE chip */
  public FleetImages(ClusterRegistry registry, ImpersonatingClients clients, Apiserver apiserver, ClusterFanOut.Settings settings,
      InspectorCache inspector) {
    this.registry = registry;
    this.clients = clients;
    this.apiserver = apiserver;
    this.fanOut = new ClusterFanOut(settings);
    this.inspector = inspector;
  }

  public Answer find(Principal who, String requestId, Query query) {
    List<String> names = query.cluster().map(c -> List.of(registry.spec(c).name()))
        .orElseGet(() -> registry.clusters().stream().map(ClusterSpec::name).toList());
    Predicate<RunningContainer> wanted = matcher(query.text());
    Map<String, List<RunningContainer>> byCluster = new LinkedHashMap<>();
    List<ClusterPart> parts = new ArrayList<>();
    // The chips the person could see on those pods' own pages: their clusters' cached findings, by digest.
    Map<String, InspectorCache.Snapshot> findings = new java.util.HashMap<>();
    long pods = 0;
    for (var outcome : fanOut.ask(names, cluster -> read(who, cluster, wanted))) {
      var standing = ClusterFanOut.Standing.of(outcome, requestId);
      int read = 0;
      String cvesUnavailable = null;
      if (outcome instanceof ClusterFanOut.Outcome.Answered<ClusterRead> a) {
        byCluster.put(a.cluster(), a.value().matching());
        pods += a.value().matchingPods();
        read = a.value().pods();
        // only where builds are shown (no more Inspector reads than their chips start)
        cvesUnavailable = a.value().matching().isEmpty() ? null : unavailable(findings.computeIfAbsent(a.cluster(), inspector::snapshot));
      }
      parts.add(new ClusterPart(outcome.cluster(), standing.status(), standing.code(), standing.message(), read, cvesUnavailable));
    }
    List<ImageGroups.Image> images = ImageGroups.of(byCluster,
        (cluster, digest) -> chip(findings.computeIfAbsent(cluster, inspector::snapshot), digest));
    return new Answer(List.copyOf(images.subList(0, Math.min(MAX_IMAGES, images.size()))), images.size(), (int) pods,
        images.size() > MAX_IMAGES, parts, parts.stream().anyMatch(p -> !p.status().equals("ok")));
  }

  private ClusterRead read(Principal who, String cluster, Predicate<RunningContainer> wanted) {
    var client = clients.forUser(cluster, who);
    int[] pods = {0};
    List<RunningContainer> matching = new ArrayList<>();
    // resourceVersion=0: any recent state will do, and the apiserver answers from its watch cache.
    try (var body = apiserver.stream(cluster, client, Apiserver.Call.get("/api/v1/pods", Map.of("resourceVersion", "0")))) {
      ListItems.each(body.body(), "a pod list", item -> {
        pods[0]++;
        for (RunningContainer c : RunningContainer.of(Json.mapper().readTree(item))) {
          if (wanted.test(c)) {
            matching.add(c);
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ClusterRead(pods[0], matching);
  }

  /** Why the cluster's builds have no chip although Inspector is on there (its CVEs column would only show dashes), or null. */
  private static String unavailable(InspectorCache.Snapshot s) {
    return s.status() == InspectorCache.Status.LOCKED || s.status() == InspectorCache.Status.ERROR ? s.message() : null;
  }

  /** The build's chip where the cluster's findings can be read (or are being read); null where Inspector is off or locked. */
  private static Chip chip(InspectorCache.Snapshot s, String digest) {
    return switch (s.status()) {
      case READY, PENDING -> {
        Scan scan = s.image(digest);
        yield new Chip(scan.state(), scan.counts());
      }
      case DISABLED, LOCKED, ERROR -> null;
    };
  }

  /** A container matches when its reference as written, its canonical form or the digest it runs contains the text. */
  static Predicate<RunningContainer> matcher(Optional<String> text) {
    if (text.isEmpty()) {
      return c -> true;
    }
    String needle = text.get().toLowerCase(Locale.ROOT);
    return c -> c.image().toLowerCase(Locale.ROOT).contains(needle)
        || c.reference().canonical().toLowerCase(Locale.ROOT).contains(needle)
        || (c.digest() != null && c.digest().contains(needle));
  }
}
