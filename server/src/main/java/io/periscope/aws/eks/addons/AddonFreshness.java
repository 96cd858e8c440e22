package io.periscope.aws.eks.addons;

import java.util.Comparator;
import java.util.Optional;

/**
 * How an installed add-on version stands against what is published for the cluster's Kubernetes
 * minor and the next one. An add-on "blocks the next minor" when its installed version is not
 * compatible with it: it has to be updated before (or with) the control plane.
 *
 * @param latestForCurrent the newest version published for the current minor
 * @param defaultForCurrent the version EKS installs by default on the current minor
 * @param compatibleWithCurrent whether the installed version is published for the current minor
 * @param compatibleWithNext whether the installed version is published for the next minor
 * @param minimumForNext the oldest version published for the next minor (the smallest step that unblocks it)
 * @param latestForNext the newest version published for the next minor
 * @param behind published versions for the current minor newer than the installed one
 */
public record AddonFreshness(String currentMinor, String nextMinor, String installed, String latestForCurrent, String defaultForCurrent,
    boolean compatibleWithCurrent, boolean compatibleWithNext, String minimumForNext, String latestForNext, int behind,
    boolean blocksNextMinor) {

  public static AddonFreshness of(String installed, String currentMinor, String nextMinor, PublishedAddon published) {
    Comparator<String> order = AddonVersionOrder.ASCENDING;
    var forCurrent = published.versions().stream().filter(r -> r.compatibleWith(currentMinor)).toList();
    var forNext = published.versions().stream().filter(r -> r.compatibleWith(nextMinor)).toList();
    Optional<PublishedAddon.Release> mine = published.versions().stream().filter(r -> r.version().equals(installed)).findFirst();
    boolean withCurrent = mine.map(r -> r.compatibleWith(currentMinor)).orElse(false);
    boolean withNext = mine.map(r -> r.compatibleWith(nextMinor)).orElse(false);
    String latestCurrent = forCurrent.stream().map(PublishedAddon.Release::version).max(order).orElse(null);
    String defaultCurrent = forCurrent.stream().filter(r -> r.defaultFor().contains(currentMinor)).map(PublishedAddon.Release::version)
        .findFirst().orElse(null);
    String minNext = forNext.stream().map(PublishedAddon.Release::version).min(order).orElse(null);
    String latestNext = forNext.stream().map(PublishedAddon.Release::version).max(order).orElse(null);
    int behind = (int) forCurrent.stream().filter(r -> order.compare(r.version(), installed) > 0).count();
    // Nothing published for the next minor yet (it is not released on EKS) blocks nothing we know of.
    boolean blocks = !forNext.isEmpty() && !withNext;
    return new AddonFreshness(currentMinor, nextMinor, installed, latestCurrent, defaultCurrent, withCurrent, withNext, minNext, latestNext,
        behind, blocks);
  }
}
