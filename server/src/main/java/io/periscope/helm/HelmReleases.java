package io.periscope.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The release browser's queries over Helm storage, run with the caller's (impersonating) client.
 * Lists decode only each release's latest revision; one undecodable object becomes an {@code error}
 * on its row, never a failed list.
 */
public final class HelmReleases {
  private HelmReleases() {}

  /** The release list; {@code warnings} name storage kinds the person could not list. */
  public record ReleaseList(List<ReleaseSummary> releases, List<String> warnings) {}

  /** Two revisions compared: unified diffs of the manifest, user values and computed values ("" when equal). */
  public record RevisionDiff(int from, int to, String manifest, String values, String computedValues) {}

  public static ReleaseList list(KubernetesClient client, Optional<String> namespace) {
    HelmStore.Listing listing = HelmStore.list(client, namespace, Optional.empty());
    Map<String, StoredRelease> latest = new LinkedHashMap<>();
    for (StoredRelease s : listing.objects()) {
      latest.merge(s.namespace() + "/" + s.name(), s, (a, b) -> b.revision() > a.revision() ? b : a);
    }
    List<ReleaseSummary> rows = latest.values().stream().map(HelmReleases::summarize)
        .sorted(Comparator.comparing(ReleaseSummary::namespace).thenComparing(ReleaseSummary::name)).toList();
    KubernetesClientException secretsDenied = listing.forbidden().get(StorageDriver.SECRET);
    if (secretsDenied != null && rows.isEmpty()) {
      throw new HelmForbiddenException(namespace.map(n -> "in namespace " + n).orElse("(cluster-wide, or in each namespace to browse)"),
          secretsDenied);
    }
    List<String> warnings = listing.forbidden().entrySet().stream()
        .map(e -> "cannot list helm storage " + e.getKey().kindPlural() + ": " + KubernetesErrors.message(e.getValue())
            + "; releases stored as " + e.getKey().kindPlural() + " are not shown")
        .toList();
    return new ReleaseList(rows, warnings);
  }

  /** Every stored revision of a release, newest first. */
  public static List<ReleaseSummary> history(KubernetesClient client, String namespace, String name) {
    return revisions(client, namespace, name).stream().map(HelmReleases::summarize)
        .sorted(Comparator.comparingInt(ReleaseSummary::revision).reversed()).toList();
  }

  /** One decoded revision; {@code revision} empty for the latest. */
  public static HelmRelease get(KubernetesClient client, String namespace, String name, Optional<Integer> revision) {
    List<StoredRelease> all = revisions(client, namespace, name);
    StoredRelease chosen = revision
        .map(r -> all.stream().filter(s -> s.revision() == r).findFirst().orElseThrow(() -> new Problem(ErrorCode.REVISION_NOT_FOUND, "release " + namespace + "/" + name + " has no revision " + r + " (revisions: "
                + all.stream().map(s -> Integer.toString(s.revision())).sorted().collect(Collectors.joining(", ")) + ")")))
        .orElseGet(() -> all.stream().max(Comparator.comparingInt(StoredRelease::revision)).orElseThrow());
    return decode(chosen);
  }

  /**
   * The revision the cluster should be running: the latest one Helm marked {@code deployed} (a later
   * upgrade that failed or is still pending left it so); the latest of all when none is (a failed
   * first install, a release uninstalled with its history kept), whose status then says so.
   */
  public static HelmRelease deployed(KubernetesClient client, String namespace, String name) {
    List<StoredRelease> all = revisions(client, namespace, name);
    Comparator<StoredRelease> byRevision = Comparator.comparingInt(StoredRelease::revision);
    return decode(all.stream().filter(s -> "deployed".equals(s.statusLabel())).max(byRevision)
        .orElseGet(() -> all.stream().max(byRevision).orElseThrow()));
  }

  public static RevisionDiff diff(KubernetesClient client, String namespace, String name, int from, int to) {
    HelmRelease a = get(client, namespace, name, Optional.of(from));
    HelmRelease b = get(client, namespace, name, Optional.of(to));
    String fa = "revision " + from + "/";
    String fb = "revision " + to + "/";
    return new RevisionDiff(from, to,
        UnifiedDiff.diff(fa + "manifest", fb + "manifest", a.manifest(), b.manifest()),
        UnifiedDiff.diff(fa + "values", fb + "values", Values.yaml(a.config()), Values.yaml(b.config())),
        UnifiedDiff.diff(fa + "computed-values", fb + "computed-values",
            Values.of(a).computedYaml(), Values.of(b).computedYaml()));
  }

  private static List<StoredRelease> revisions(KubernetesClient client, String namespace, String name) {
    HelmStore.Listing listing = HelmStore.list(client, Optional.of(namespace), Optional.of(name));
    List<StoredRelease> found = new ArrayList<>(listing.objects());
    if (found.isEmpty() && listing.forbidden().containsKey(StorageDriver.SECRET)) {
      throw new HelmForbiddenException("in namespace " + namespace, listing.forbidden().get(StorageDriver.SECRET));
    }
    if (found.isEmpty()) {
      throw new Problem(ErrorCode.RELEASE_NOT_FOUND, "no helm release " + name + " in namespace " + namespace
          + " (looked for Secrets and ConfigMaps labelled owner=helm,name=" + name + ")");
    }
    return found;
  }

  private static ReleaseSummary summarize(StoredRelease s) {
    try {
      JsonNode json = ReleaseDecoder.decode(s.payload());
      return ReleaseSummary.of(HelmRelease.from(json, s), s);
    } catch (ReleaseDecodeException e) {
      return ReleaseSummary.undecodable(s, e.getMessage());
    }
  }

  private static HelmRelease decode(StoredRelease s) {
    try {
      return HelmRelease.from(ReleaseDecoder.decode(s.payload()), s);
    } catch (ReleaseDecodeException e) {
      throw new Problem(ErrorCode.HELM_RELEASE_UNDECODABLE, "cannot decode " + s.driver().kindPlural() + " object "
          + s.namespace() + "/" + s.objectName() + ": " + e.getMessage());
    }
  }
}
