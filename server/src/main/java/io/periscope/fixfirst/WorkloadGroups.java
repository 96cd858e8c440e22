package io.periscope.fixfirst;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.periscope.aws.inspector.PodImages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's workloads as a person fixes them: Deployments, StatefulSets, DaemonSets, CronJobs,
 * Jobs of no CronJob, and bare pods, each with its pod template and the pods it runs. Pods are
 * grouped by owner (a ReplicaSet's pod-template-hash names its Deployment, a Job's owner its
 * CronJob); a controller the person may not list still appears through its pods.
 */
public final class WorkloadGroups {
  private WorkloadGroups() {}

  /** One workload: {@code kind} its resource name ({@code deployments}, ... {@code pods}). */
  public record Workload(String kind, String namespace, String name, PodSpec spec, Map<String, String> templateLabels, List<Pod> pods) {
    public Workload {
      pods = List.copyOf(pods);
    }

    /** The label sets a Service selector may match: the template's and each pod's. */
    public List<Map<String, String>> labelSets() {
      List<Map<String, String>> out = new ArrayList<>();
      if (templateLabels != null && !templateLabels.isEmpty()) {
        out.add(templateLabels);
      }
      pods.forEach(p -> Optional.ofNullable(p.getMetadata().getLabels()).ifPresent(out::add));
      return out;
    }

    /** The ServiceAccount its pods run as ({@code default} when the spec names none). */
    public String serviceAccount() {
      String sa = spec == null ? null : spec.getServiceAccountName();
      if (sa == null || sa.isBlank()) {
        sa = spec == null ? null : spec.getServiceAccount();
      }
      return sa == null || sa.isBlank() ? "default" : sa;
    }
  }

  /** What was listed (any list the person could not read is empty). */
  public record Listed(List<Pod> pods, List<Deployment> deployments, List<StatefulSet> statefulSets, List<DaemonSet> daemonSets,
      List<CronJob> cronJobs, List<Job> jobs) {}

  public static List<Workload> of(Listed in) {
    Map<String, Builder> out = new LinkedHashMap<>();
    in.deployments().forEach(d -> controller(out, "deployments", d, d.getSpec() == null ? null : d.getSpec().getTemplate()));
    in.statefulSets().forEach(s -> controller(out, "statefulsets", s, s.getSpec() == null ? null : s.getSpec().getTemplate()));
    in.daemonSets().forEach(d -> controller(out, "daemonsets", d, d.getSpec() == null ? null : d.getSpec().getTemplate()));
    in.cronJobs().forEach(c -> controller(out, "cronjobs", c, c.getSpec() == null || c.getSpec().getJobTemplate() == null
        || c.getSpec().getJobTemplate().getSpec() == null ? null : c.getSpec().getJobTemplate().getSpec().getTemplate()));
    Map<String, Job> jobs = new LinkedHashMap<>();
    in.jobs().forEach(j -> jobs.put(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName(), j));
    for (Job j : in.jobs()) {
      if (controllerOf(j).filter(o -> o.getKind().equals("CronJob")).isEmpty()) {
        controller(out, "jobs", j, j.getSpec() == null ? null : j.getSpec().getTemplate());
      }
    }
    for (Pod pod : in.pods()) {
      String ns = pod.getMetadata().getNamespace();
      String[] owner = owner(pod, jobs);
      Builder b = out.computeIfAbsent(key(owner[0], ns, owner[1]), k -> new Builder(owner[0], ns, owner[1], pod.getSpec(), null));
      b.pods.add(pod);
    }
    return out.values().stream().map(Builder::build)
        .sorted(Comparator.comparing(Workload::namespace).thenComparing(Workload::name).thenComparing(Workload::kind)).toList();
  }

  /** {kind, name} of the workload the pod belongs to. */
  static String[] owner(Pod pod, Map<String, Job> jobs) {
    Optional<String> workload = PodImages.workload(pod);
    if (workload.isPresent()) {
      return workload.get().split("/", 2);
    }
    Optional<OwnerReference> owner = controllerOf(pod);
    if (owner.isEmpty()) {
      return new String[] {"pods", pod.getMetadata().getName()};
    }
    OwnerReference o = owner.get();
    if (o.getKind().equals("Job")) {
      Job job = jobs.get(pod.getMetadata().getNamespace() + "/" + o.getName());
      Optional<OwnerReference> cron = job == null ? Optional.empty() : controllerOf(job).filter(c -> c.getKind().equals("CronJob"));
      return cron.map(c -> new String[] {"cronjobs", c.getName()}).orElse(new String[] {"jobs", o.getName()});
    }
    return new String[] {plural(o.getKind()), o.getName()};
  }

  private static String plural(String kind) {
    String k = kind.toLowerCase(java.util.Locale.ROOT);
    return k.endsWith("s") ? k + "es" : k + "s";
  }

  private static Optional<OwnerReference> controllerOf(HasMetadata o) {
    return Optional.ofNullable(o.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  private static void controller(Map<String, Builder> out, String kind, HasMetadata o, PodTemplateSpec template) {
    String ns = o.getMetadata().getNamespace();
    String name = o.getMetadata().getName();
    out.put(key(kind, ns, name), new Builder(kind, ns, name, template == null ? new PodSpec() : template.getSpec(),
        template == null || template.getMetadata() == null ? null : template.getMetadata().getLabels()));
  }

  private static String key(String kind, String ns, String name) {
    return kind + "/" + ns + "/" + name;
  }

  private static final class Builder {
    final String kind;
    final String namespace;
    final String name;
    final PodSpec spec;
    final Map<String, String> labels;
    final List<Pod> pods = new ArrayList<>();

    Builder(String kind, String namespace, String name, PodSpec spec, Map<String, String> labels) {
      this.kind = kind;
      this.namespace = namespace;
      this.name = name;
      this.spec = spec;
      this.labels = labels;
    }

    Workload build() {
      return new Workload(kind, namespace, name, spec, labels == null ? Map.of() : labels, pods);
    }
  }
}
