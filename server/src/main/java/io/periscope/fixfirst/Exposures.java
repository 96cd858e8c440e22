package io.periscope.fixfirst;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a workload can be reached from outside the cluster: Services whose selector picks its pods
 * (type {@code LoadBalancer}, {@code NodePort}) and Ingresses routing to such a Service. An
 * internal load balancer (the annotations of the in-tree AWS, GKE and AKS controllers, the AWS
 * Load Balancer Controller's scheme, which defaults to internal) is named but adds nothing.
 */
public final class Exposures {
  static final String AWS_INTERNAL = "service.beta.kubernetes.io/aws-load-balancer-internal";
  static final String AWS_SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
  static final String AWS_TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";
  static final String ALB_SCHEME = "alb.ingress.kubernetes.io/scheme";
  private static final Map<String, String> OTHER_INTERNAL = Map.of(
      "networking.gke.io/load-balancer-type", "internal",
      "cloud.google.com/load-balancer-type", "internal",
      "service.beta.kubernetes.io/azure-load-balancer-internal", "true");

  private Exposures() {}

  /** How far the way in reaches; {@code factor} is its weight in the score. */
  public enum Level {
    PUBLIC(3), LIMITED(2), INTERNAL(1);

    private final double factor;

    Level(double factor) {
      this.factor = factor;
    }

    public double factor() {
      return factor;
    }
  }

  /**
   * One way in: {@code kind} {@code Service} or {@code Ingress}, its name, what it is ("public
   * LoadBalancer", "NodePort 30080", "Ingress shop.example.com → Service web"), and {@code service}
   * the Service it reaches the pods through.
   */
  public record Via(String kind, String name, String detail, Level level, String service) {}

  /** The Services of {@code namespace} whose (non-empty) selector matches one of the label sets. */
  public static List<Service> selecting(String namespace, Collection<Map<String, String>> labelSets, List<Service> services) {
    return services.stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .filter(s -> s.getSpec() != null && s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty())
        .filter(s -> labelSets.stream().anyMatch(labels -> labels.entrySet().containsAll(s.getSpec().getSelector().entrySet())))
        .toList();
  }

  /** Every way in to a workload of {@code namespace} whose pods carry one of the label sets, widest first. */
  public static List<Via> of(String namespace, Collection<Map<String, String>> labelSets, List<Service> services, List<Ingress> ingresses) {
    List<Via> out = new ArrayList<>();
    List<Service> selecting = selecting(namespace, labelSets, services);
    for (Service s : selecting) {
      service(s).ifPresent(out::add);
    }
    Set<String> names = new LinkedHashSet<>(selecting.stream().map(s -> s.getMetadata().getName()).toList());
    for (Ingress ing : ingresses) {
      if (!namespace.equals(ing.getMetadata().getNamespace()) || ing.getSpec() == null) {
        continue;
      }
      for (String backend : backends(ing)) {
        if (names.contains(backend)) {
          out.add(ingress(ing, backend));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Via::level));
    return out;
  }

  /** The widest level, {@code INTERNAL} when there is no way in. */
  public static Level level(List<Via> vias) {
    return vias.stream().map(Via::level).min(java.util.Comparator.naturalOrder()).orElse(Level.INTERNAL);
  }

  static Optional<Via> service(Service s) {
    String type = Optional.ofNullable(s.getSpec().getType()).orElse("ClusterIP");
    String name = s.getMetadata().getName();
    if (type.equals("LoadBalancer")) {
      if (internal(annotations(s.getMetadata().getAnnotations()))) {
        return Optional.of(new Via("Service", name, "internal LoadBalancer", Level.INTERNAL, name));
      }
      List<String> ranges = Optional.ofNullable(s.getSpec().getLoadBalancerSourceRanges()).orElse(List.of());
      if (!ranges.isEmpty() && ranges.stream().noneMatch(r -> r.equals("0.0.0.0/0") || r.equals("::/0"))) {
        return Optional.of(new Via("Service", name, "LoadBalancer open to " + String.join(", ", ranges), Level.LIMITED, name));
      }
      return Optional.of(new Via("Service", name, "public LoadBalancer", Level.PUBLIC, name));
    }
    if (type.equals("NodePort")) {
      String ports = s.getSpec().getPorts() == null ? "" : String.join(", ", s.getSpec().getPorts().stream()
          .map(p -> p.getNodePort()).filter(Objects::nonNull).map(String::valueOf).toList());
      return Optional.of(new Via("Service", name, ports.isEmpty() ? "NodePort" : "NodePort " + ports, Level.LIMITED, name));
    }
    return Optional.empty();
  }

  /** Whether a LoadBalancer Service's annotations make its load balancer internal. */
  static boolean internal(Map<String, String> a) {
    String legacy = a.get(AWS_INTERNAL);
    if (legacy != null && !legacy.equalsIgnoreCase("false")) {
      return true; // the in-tree controller treats any value but "false" as internal
    }
    String scheme = a.get(AWS_SCHEME);
    if (scheme != null) {
      return !scheme.equalsIgnoreCase("internet-facing");
    }
    String lbType = a.getOrDefault(AWS_TYPE, "");
    if (lbType.equals("external") || lbType.startsWith("nlb-ip")) {
      return true; // the AWS Load Balancer Controller's scheme defaults to internal
    }
    return OTHER_INTERNAL.entrySet().stream().anyMatch(e -> e.getValue().equalsIgnoreCase(a.getOrDefault(e.getKey(), "")));
  }

  private static Via ingress(Ingress ing, String backend) {
    Map<String, String> a = annotations(ing.getMetadata().getAnnotations());
    String cls = Optional.ofNullable(ing.getSpec().getIngressClassName()).orElse(a.getOrDefault("kubernetes.io/ingress.class", ""));
    String scheme = a.get(ALB_SCHEME);
    boolean alb = cls.toLowerCase(Locale.ROOT).equals("alb");
    // An ALB is internal unless its scheme says internet-facing; other controllers' reach is their own Service's.
    boolean internal = scheme != null ? !scheme.equalsIgnoreCase("internet-facing") : alb;
    List<String> hosts = Optional.ofNullable(ing.getSpec().getRules()).orElse(List.of()).stream()
        .map(IngressRule::getHost).filter(h -> h != null && !h.isBlank()).distinct().toList();
    String where = hosts.isEmpty() ? "any host" : String.join(", ", hosts);
    String detail = (internal ? "internal Ingress " : "Ingress ") + where + (cls.isEmpty() ? "" : " (" + cls + ")") + " → Service " + backend;
    return new Via("Ingress", ing.getMetadata().getName(), detail, internal ? Level.INTERNAL : Level.PUBLIC, backend);
  }

  /** The Services an Ingress routes to: its rules' paths and its default backend. */
  static Set<String> backends(Ingress ing) {
    Set<String> out = new LinkedHashSet<>();
    Optional.ofNullable(ing.getSpec().getDefaultBackend()).map(Exposures::serviceName).ifPresent(out::add);
    for (IngressRule rule : Optional.ofNullable(ing.getSpec().getRules()).orElse(List.of())) {
      if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
        continue;
      }
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        Optional.ofNullable(path.getBackend()).map(Exposures::serviceName).ifPresent(out::add);
      }
    }
    return out;
  }

  private static String serviceName(IngressBackend b) {
    return b.getService() == null ? null : b.getService().getName();
  }

  private static Map<String, String> annotations(Map<String, String> a) {
    return a == null ? Map.of() : a;
  }
}
