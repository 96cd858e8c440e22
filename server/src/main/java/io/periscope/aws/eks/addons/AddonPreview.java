package io.periscope.aws.eks.addons;

import java.util.List;

/**
 * What an add-on write would change, shown before it is submitted.
 *
 * @param fromVersion the installed version (null for an install)
 * @param toVersion the version after the write (null for a delete)
 * @param changes field by field, before and after
 * @param resolveConflictsMeaning what the chosen {@code resolveConflicts} does to fields changed on the cluster
 * @param configuration the configuration values checked against the target version's schema
 * @param warnings what deserves a second look (compatibility with the next minor, a role the version needs)
 * @param allowed whether this person may submit it ({@code rule} says who may)
 */
public record AddonPreview(String op, String addonName, String fromVersion, String toVersion, List<Change> changes,
    String resolveConflicts, String resolveConflictsMeaning, ConfigurationValues.Verdict configuration, List<String> warnings,
    boolean allowed, String rule) {

  /** One field that changes. */
  public record Change(String field, String before, String after) {}

  static String meaning(String resolveConflicts) {
    if (resolveConflicts == null) {
      return null;
    }
    return switch (resolveConflicts) {
      case "OVERWRITE" -> "fields changed on the cluster since the add-on was installed are overwritten with the add-on's values";
      case "PRESERVE" -> "fields changed on the cluster are kept; the update fails where they conflict with the new version";
      case "NONE" -> "nothing on the cluster is changed to resolve a conflict; the write fails on the first conflicting field";
      default -> null;
    };
  }
}
