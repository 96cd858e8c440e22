package io.periscope.aws.eks.upgrade;

import java.time.Instant;
import java.util.List;

/**
 * One EKS upgrade insight ({@code DescribeInsight}).
 *
 * @param kubernetesVersion the minor the insight checks readiness for (the upgrade it may block)
 * @param status {@code PASSING}, {@code WARNING}, {@code ERROR} or {@code UNKNOWN}
 * @param link the remediation documentation AWS names in {@code additionalInfo}, if any
 * @param lastRefreshTime when EKS last evaluated the insight (about daily): older evidence than the rest of the page
 * @param deprecations deprecated APIs still called, with who called them
 * @param addons the EKS add-ons the insight names: {@code categorySpecificSummary.addonCompatibilityDetails[].name} and
 *     the add-on ARNs among its {@code resources}
 */
public record UpgradeInsight(String id, String name, String category, String kubernetesVersion, String status, String reason,
    String description, String recommendation, String link, Instant lastRefreshTime, Instant lastTransitionTime,
    List<Deprecation> deprecations, List<Resource> resources, List<String> addons) {

  /** A deprecated API ({@code usage}) and its replacement, with the clients that still call it. */
  public record Deprecation(String usage, String replacedWith, String stopServingVersion, String startServingReplacementVersion,
      List<Client> clients) {}

  /** One user agent calling a deprecated API: requests in the last 30 days and when it last did. */
  public record Client(String userAgent, Integer requestsLast30Days, Instant lastRequestTime) {}

  /** A resource the insight found, e.g. a Kubernetes object URI or an ARN. */
  public record Resource(String status, String kubernetesResourceUri, String arn) {}
}
