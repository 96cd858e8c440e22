package io.periscope.aws.inspector;

import java.util.List;

/**
 * One vulnerable package of one Inspector finding on one resource (a finding naming two
 * packages becomes two of these).
 *
 * @param resourceId the ECR image digest ({@code sha256:...}) or EC2 instance id the finding is on
 * @param ecosystem Inspector's {@code packageManager} ({@code GOBINARY}, {@code OS}, {@code NPM}, ...)
 * @param platform the resource's OS ({@code DEBIAN_12}, {@code AMAZON_LINUX_2023}): how OS package versions sort
 * @param fixedIn versions that fix it, as Inspector lists them ({@code "1.20.12, 1.21.5"} gives two); empty: no fix
 * @param fixAvailable Inspector's {@code YES}, {@code NO} or {@code PARTIAL}
 * @param advisoryUrl the vendor advisory (Inspector's {@code sourceUrl}), or empty
 */
public record Finding(
    String findingArn,
    String vulnerabilityId,
    String title,
    Severity severity,
    double score,
    String resourceId,
    String packageName,
    String ecosystem,
    String platform,
    String installedVersion,
    List<String> fixedIn,
    boolean exploitAvailable,
    String fixAvailable,
    String advisoryUrl) {

  public Finding {
    fixedIn = List.copyOf(fixedIn);
  }

  public boolean fixable() {
    return !fixedIn.isEmpty();
  }
}
