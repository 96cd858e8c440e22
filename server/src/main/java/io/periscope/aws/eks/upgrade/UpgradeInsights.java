package io.periscope.aws.eks.upgrade;

import io.periscope.aws.AwsCalls;
import io.periscope.aws.SideBySide;
import io.periscope.aws.eks.EksTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Category;
import software.amazon.awssdk.services.eks.model.Insight;
import software.amazon.awssdk.services.eks.model.InsightSummary;

/** The cluster's upgrade-readiness insights: {@code ListInsights} (paged, category {@code UPGRADE_READINESS}) and one {@code DescribeInsight} each. */
final class UpgradeInsights {
  private static final Pattern ADDON_ARN = Pattern.compile("^arn:aws[a-z-]*:eks:[^:]*:\\d*:addon/[^/]+/([^/]+)/[^/]+$");
  private UpgradeInsights() {}

  static List<UpgradeInsight> read(EksClient eks, EksTarget target) {
    List<String> ids = new ArrayList<>();
    AwsCalls.unaudited("eks:ListInsights", () -> {
      for (InsightSummary s : eks.listInsightsPaginator(r -> r.clusterName(target.eksName())
          .filter(f -> f.categories(Category.UPGRADE_READINESS))).insights()) {
        ids.add(s.id());
      }
      return null;
    });
    return SideBySide.map(ids, id -> view(AwsCalls.unaudited("eks:DescribeInsight",
        () -> eks.describeInsight(r -> r.clusterName(target.eksName()).id(id)).insight())));
  }

  private static UpgradeInsight view(Insight i) {
    List<UpgradeInsight.Deprecation> deprecations = i.categorySpecificSummary() == null ? List.of()
        : i.categorySpecificSummary().deprecationDetails().stream().map(d -> new UpgradeInsight.Deprecation(d.usage(), d.replacedWith(),
            d.stopServingVersion(), d.startServingReplacementVersion(), d.clientStats().stream()
                .map(c -> new UpgradeInsight.Client(c.userAgent(), c.numberOfRequestsLast30Days(), c.lastRequestTime())).toList())).toList();
    List<UpgradeInsight.Resource> resources = i.resources().stream().map(r -> new UpgradeInsight.Resource(
        r.insightStatus() == null ? null : r.insightStatus().statusAsString(), r.kubernetesResourceUri(), r.arn())).toList();
    String status = i.insightStatus() == null ? "UNKNOWN" : i.insightStatus().statusAsString();
    String reason = i.insightStatus() == null ? null : i.insightStatus().reason();
    Set<String> addons = new LinkedHashSet<>();
    if (i.categorySpecificSummary() != null) {
      i.categorySpecificSummary().addonCompatibilityDetails().forEach(a -> {
        if (a.name() != null && !a.name().isBlank()) {
          addons.add(a.name());
        }
      });
    }
    resources.forEach(r -> addonOf(r.arn()).ifPresent(addons::add));
    return new UpgradeInsight(i.id(), i.name(), i.categoryAsString(), i.kubernetesVersion(), status, reason, i.description(),
        i.recommendation(), link(i.additionalInfo()), i.lastRefreshTime(), i.lastTransitionTime(), deprecations, resources, List.copyOf(addons));
  }

  /** The add-on name of an add-on ARN ({@code arn:aws:eks:REGION:ACCOUNT:addon/CLUSTER/NAME/ID}). */
  static Optional<String> addonOf(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = ADDON_ARN.matcher(arn);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** {@code additionalInfo} maps titles to documentation URLs; the first https one is the remediation link. */
  private static String link(Map<String, String> info) {
    return info.values().stream().filter(v -> v != null && v.startsWith("https://")).findFirst().orElse(null);
  }
}
