package io.periscope.aws.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds whose AWS identity can be resolved, by their plural resource name as it appears in
 * routes: a pod runs as its ServiceAccount; the controllers' pods run as their pod template's; a
 * ServiceAccount is the identity itself.
 */
public enum WorkloadKind {
  PODS("pods", "Pod"),
  DEPLOYMENTS("deployments", "Deployment"),
  STATEFULSETS("statefulsets", "StatefulSet"),
  DAEMONSETS("daemonsets", "DaemonSet"),
  JOBS("jobs", "Job"),
  CRONJOBS("cronjobs", "CronJob"),
  SERVICEACCOUNTS("serviceaccounts", "ServiceAccount");

  private final String plural;
  private final String kind;

  WorkloadKind(String plural, String kind) {
    this.plural = plural;
    this.kind = kind;
  }

  /** The resource name in routes and Kubernetes API paths ({@code deployments}). */
  public String plural() {
    return plural;
  }

  /** The Kubernetes kind ({@code Deployment}). */
  public String kind() {
    return kind;
  }

  public static Optional<WorkloadKind> ofPlural(String plural) {
    return Arrays.stream(values()).filter(k -> k.plural.equals(plural)).findFirst();
  }
}
