package io.periscope.aws.eks.addons;

import java.util.List;

/**
 * One add-on as {@code DescribeAddonVersions} publishes it, its versions newest first.
 *
 * @param type e.g. {@code networking}, {@code storage}, {@code observability}
 * @param publisher e.g. {@code eks}, or the vendor of a marketplace add-on
 */
public record PublishedAddon(String name, String type, String publisher, String owner, List<Release> versions) {
  public PublishedAddon {
    versions = versions.stream().sorted((a, b) -> AddonVersionOrder.ASCENDING.compare(b.version(), a.version())).toList();
  }

  /**
   * One published version.
   *
   * @param clusterVersions the Kubernetes minors it is compatible with
   * @param defaultFor the minors it is the default version of
   */
  public record Release(String version, List<String> clusterVersions, List<String> defaultFor, boolean requiresConfiguration,
      boolean requiresIamPermissions) {
    public Release {
      clusterVersions = List.copyOf(clusterVersions);
      defaultFor = List.copyOf(defaultFor);
    }

    public boolean compatibleWith(String minor) {
      return clusterVersions.contains(minor);
    }
  }
}
