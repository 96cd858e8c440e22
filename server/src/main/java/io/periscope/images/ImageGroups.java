package io.periscope.images;

import io.periscope.aws.inspector.Chip;
import io.periscope.aws.inspector.Scan;
import io.periscope.names.ImageReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Containers grouped into images: one group per image however its references spell it
 * ({@code nginx} and {@code docker.io/library/nginx:latest} are one), with the builds the kubelets
 * pulled for it and where it runs. A pod counts once per image, however many of its containers use it.
 */
public final class ImageGroups {
  /** Workloads listed per image and cluster; the rest are counted. */
  static final int WORKLOADS_LISTED = 50;

  /**
   * One image.
   *
   * @param reference its canonical form; {@code written} how pod specs spell it
   * @param digests each build the kubelets run, with its pods, most pods first (more than one for a
   *     tag means the tag was pushed again between pulls: replicas may run different code)
   * @param pullFailing pods whose container waits on a pull error for this image
   */
  public record Image(String reference, String registry, String repository, String tag, String pinnedDigest, boolean latestTag,
      List<String> written, List<Build> digests, int pods, int pullFailing, List<Place> places) {}

  /**
   * A build (digest) of an image and how many pods run it.
   *
   * @param cves Amazon Inspector's findings for the build (from a cluster with Inspector on that runs it), or null
   */
  public record Build(String digest, int pods, Chip cves) {}

  /** The Inspector chip of a build on a cluster, or null where Inspector is off or cannot be read. */
  @FunctionalInterface
  public interface Findings {
    Chip of(String cluster, String digest);

    Findings NONE = (cluster, digest) -> null;
  }

  /** Where an image runs on one cluster: its pods and the workloads they belong to, most pods first. */
  public record Place(String cluster, int pods, List<WorkloadUse> workloads, int moreWorkloads) {}

  /** One workload's use of an image: its pods and the containers that run the image. */
  public record WorkloadUse(String namespace, String kind, String name, int pods, List<String> containers, int pullFailing) {}

  private ImageGroups() {}

  /** @param byCluster each cluster's containers, in the order the places should be listed */
  public static List<Image> of(Map<String, List<RunningContainer>> byCluster) {
    return of(byCluster, Findings.NONE);
  }

  /** @param findings each build's CVE chip, asked of the clusters that run it until one has a scan */
  public static List<Image> of(Map<String, List<RunningContainer>> byCluster, Findings findings) {
    Map<String, Accumulator> images = new TreeMap<>();
    byCluster.forEach((cluster, containers) -> {
      for (RunningContainer c : containers) {
        images.computeIfAbsent(c.reference().canonical(), k -> new Accumulator(c.reference())).add(cluster, c);
      }
    });
    List<Image> out = new ArrayList<>(images.size());
    images.values().forEach(a -> out.add(a.image(List.copyOf(byCluster.keySet()), findings)));
    out.sort(Comparator.comparing((Image i) -> ImageReference.displayName(i.registry(), i.repository()))
        .thenComparing(i -> i.tag() == null ? "" : i.tag()).thenComparing(Image::reference));
    return out;
  }

  private static final class Accumulator {
    private final ImageReference ref;
    private final Set<String> written = new TreeSet<>();
    private final Map<String, Set<String>> podsByDigest = new LinkedHashMap<>();
    private final Map<String, Set<String>> clustersByDigest = new LinkedHashMap<>();
    private final Set<String> pods = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final Map<String, Map<String, WorkloadAccumulator>> places = new LinkedHashMap<>();

    Accumulator(ImageReference ref) {
      this.ref = ref;
    }

    void add(String cluster, RunningContainer c) {
      String pod = cluster + "/" + c.namespace() + "/" + c.pod();
      written.add(c.image());
      pods.add(pod);
      if (c.digest() != null) {
        podsByDigest.computeIfAbsent(c.digest(), d -> new HashSet<>()).add(pod);
        clustersByDigest.computeIfAbsent(c.digest(), d -> new java.util.LinkedHashSet<>()).add(cluster);
      }
      if (c.pullError() != null) {
        failing.add(pod);
      }
      places.computeIfAbsent(cluster, k -> new LinkedHashMap<>())
          .computeIfAbsent(c.namespace() + "/" + c.workload().kind() + "/" + c.workload().name(), k -> new WorkloadAccumulator(c))
          .add(c);
    }

    Image image(List<String> clusterOrder, Findings findings) {
      List<Build> builds = new ArrayList<>();
      podsByDigest.forEach((d, p) -> builds.add(new Build(d, p.size(), chip(d, clustersByDigest.get(d), findings))));
      builds.sort(Comparator.comparingInt(Build::pods).reversed().thenComparing(Build::digest));
      List<Place> where = new ArrayList<>();
      for (String cluster : clusterOrder) {
        var workloads = places.get(cluster);
        if (workloads == null) {
          continue;
        }
        List<WorkloadUse> uses = new ArrayList<>(workloads.values().stream().map(WorkloadAccumulator::use).toList());
        uses.sort(Comparator.comparingInt(WorkloadUse::pods).reversed().thenComparing(WorkloadUse::namespace).thenComparing(WorkloadUse::name));
        int podsHere = workloads.values().stream().mapToInt(w -> w.pods.size()).sum();
        where.add(new Place(cluster, podsHere, List.copyOf(uses.subList(0, Math.min(WORKLOADS_LISTED, uses.size()))),
            Math.max(0, uses.size() - WORKLOADS_LISTED)));
      }
      return new Image(ref.canonical(), ref.registry(), ref.repository(), ref.tag(), ref.digest(), ref.floating(), List.copyOf(written),
          List.copyOf(builds), pods.size(), failing.size(), List.copyOf(where));
    }
  }

  /** A scan from any cluster that runs the build (the same digest is the same image), else what one says (pending, not scanned). */
  private static Chip chip(String digest, Set<String> clusters, Findings findings) {
    Chip any = null;
    for (String cluster : clusters) {
      Chip c = findings.of(cluster, digest);
      if (c != null && c.state() == Scan.State.SCANNED) {
        return c;
      }
      any = any == null ? c : any;
    }
    return any;
  }

  private static final class WorkloadAccumulator {
    private final RunningContainer first;
    private final Set<String> pods = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final Set<String> containers = new TreeSet<>();

    WorkloadAccumulator(RunningContainer first) {
      this.first = first;
    }

    void add(RunningContainer c) {
      pods.add(c.pod());
      containers.add(c.container());
      if (c.pullError() != null) {
        failing.add(c.pod());
      }
    }

    WorkloadUse use() {
      return new WorkloadUse(first.namespace(), first.workload().kind(), first.workload().name(), pods.size(), List.copyOf(containers),
          failing.size());
    }
  }
}
