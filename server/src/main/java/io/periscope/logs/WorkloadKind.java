package io.periscope.logs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds whose pods' logs can be read together, and how each names its pods: its label selector. */
public enum WorkloadKind {
  DEPLOYMENTS("apps", "v1", "deployments"),
  STATEFULSETS("apps", "v1", "statefulsets"),
  DAEMONSETS("apps", "v1", "daemonsets"),
  REPLICASETS("apps", "v1", "replicasets"),
  JOBS("batch", "v1", "jobs");

  private final String group;
  private final String version;
  private final String plural;

  WorkloadKind(String group, String version, String plural) {
    this.group = group;
    this.version = version;
    this.plural = plural;
  }

  public String plural() {
    return plural;
  }

  /** @throws Problem 422 {@code unsupported_action} for any other kind */
  public static WorkloadKind of(String group, String version, String plural) {
    for (WorkloadKind k : values()) {
      if (k.group.equals(group) && k.version.equals(version) && k.plural.equals(plural)) {
        return k;
      }
    }
    throw new Problem(ErrorCode.UNSUPPORTED_ACTION, "logs are read together for "
        + Arrays.stream(values()).map(k -> k.group + "/" + k.version + " " + k.plural).collect(Collectors.joining(", "))
        + "; not for " + group + "/" + version + " " + plural);
  }

  /**
   * The workload's pod selector, read as the person.
   *
   * @throws Problem 404 {@code not_found} when the workload is not there; 422 when it selects no pods
   */
  public LabelSelector selectorOf(KubernetesClient client, String namespace, String name) {
    HasMetadata object = switch (this) {
      case DEPLOYMENTS -> client.apps().deployments().inNamespace(namespace).withName(name).get();
      case STATEFULSETS -> client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      case DAEMONSETS -> client.apps().daemonSets().inNamespace(namespace).withName(name).get();
      case REPLICASETS -> client.apps().replicaSets().inNamespace(namespace).withName(name).get();
      case JOBS -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    };
    if (object == null) {
      throw new Problem(ErrorCode.NOT_FOUND, plural + " " + name + " not found in namespace " + namespace);
    }
    LabelSelector selector = switch (object) {
      case Deployment d -> d.getSpec() == null ? null : d.getSpec().getSelector();
      case StatefulSet s -> s.getSpec() == null ? null : s.getSpec().getSelector();
      case DaemonSet d -> d.getSpec() == null ? null : d.getSpec().getSelector();
      case ReplicaSet r -> r.getSpec() == null ? null : r.getSpec().getSelector();
      // The apiserver sets a Job's selector (controller-uid); a Job stored without one still labels its pods job-name.
      case Job j -> j.getSpec() != null && j.getSpec().getSelector() != null ? j.getSpec().getSelector()
          : new LabelSelectorBuilder().addToMatchLabels("job-name", name).build();
      default -> null;
    };
    if (selector == null || io.periscope.resources.LabelSelector.text(selector).isEmpty()) {
      throw new Problem(ErrorCode.UNSUPPORTED_ACTION, plural + " " + name + " has no pod selector: no pods to read logs from");
    }
    return selector;
  }
}
