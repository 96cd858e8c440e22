package io.periscope.fixfirst;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.periscope.fixfirst.Exposures.Level;
import io.periscope.fixfirst.Exposures.Via;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposuresTest {
  private static final List<Map<String, String>> WEB = List.of(Map.of("app", "web", "tier", "front", "pod-template-hash", "5d8f"));

  private static Service service(String ns, String name, String type, Map<String, String> selector, Map<String, String> annotations) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).withAnnotations(annotations).endMetadata()
        .withNewSpec().withType(type).withSelector(selector).addNewPort().withPort(80).withNodePort(type.equals("ClusterIP") ? null : 30080)
        .endPort().endSpec().build();
  }

  private static Ingress ingress(String ns, String name, String cls, String backend, Map<String, String> annotations) {
    return new IngressBuilder().withNewMetadata().withNamespace(ns).withName(name).withAnnotations(annotations).endMetadata()
        .withNewSpec().withIngressClassName(cls).addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/")
        .withPathType("Prefix").withNewBackend().withNewService().withName(backend).withNewPort().withNumber(80).endPort().endService()
        .endBackend().endPath().endHttp().endRule().endSpec().build();
  }

  @Test
  void aSelectorMatchesWhenAllItsLabelsAreOnThePodsInTheSameNamespace() {
    var services = List.of(
        service("shop", "web", "LoadBalancer", Map.of("app", "web"), Map.of()),
        service("shop", "narrow", "NodePort", Map.of("app", "web", "tier", "back"), Map.of()),
        service("other", "web", "LoadBalancer", Map.of("app", "web"), Map.of()),
        service("shop", "headless", "LoadBalancer", Map.of(), Map.of()));
    assertThat(Exposures.selecting("shop", WEB, services)).extracting(s -> s.getMetadata().getName()).containsExactly("web");
    assertThat(Exposures.of("shop", WEB, services, List.of())).containsExactly(new Via("Service", "web", "public LoadBalancer", Level.PUBLIC, "web"));
  }

  @Test
  void internalLoadBalancerAnnotationsAddNothing() {
    Map<String, Map<String, String>> internal = Map.of(
        "legacy", Map.of(Exposures.AWS_INTERNAL, "true"),
        "legacy-cidr", Map.of(Exposures.AWS_INTERNAL, "0.0.0.0/0"),
        "lbc", Map.of(Exposures.AWS_SCHEME, "internal"),
        "lbc-default", Map.of(Exposures.AWS_TYPE, "external"),
        "gke", Map.of("networking.gke.io/load-balancer-type", "Internal"),
        "aks", Map.of("service.beta.kubernetes.io/azure-load-balancer-internal", "true"));
    internal.forEach((name, a) -> assertThat(Exposures.service(service("shop", name, "LoadBalancer", Map.of("app", "web"), a)))
        .as(name).hasValueSatisfying(v -> assertThat(v.level()).isEqualTo(Level.INTERNAL)));
    Map<String, Map<String, String>> public_ = Map.of(
        "in-tree", Map.of(),
        "legacy-false", Map.of(Exposures.AWS_INTERNAL, "false"),
        "lbc-facing", Map.of(Exposures.AWS_TYPE, "external", Exposures.AWS_SCHEME, "internet-facing"));
    public_.forEach((name, a) -> assertThat(Exposures.service(service("shop", name, "LoadBalancer", Map.of("app", "web"), a)))
        .as(name).hasValueSatisfying(v -> assertThat(v.level()).isEqualTo(Level.PUBLIC)));
  }

  @Test
  void nodePortAndSourceRangesAreLimitedAndClusterIpIsNoWayIn() {
    assertThat(Exposures.service(service("shop", "np", "NodePort", Map.of("app", "web"), Map.of())))
        .contains(new Via("Service", "np", "NodePort 30080", Level.LIMITED, "np"));
    Service ranged = service("shop", "lb", "LoadBalancer", Map.of("app", "web"), Map.of());
    ranged.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/24"));
    assertThat(Exposures.service(ranged)).contains(new Via("Service", "lb", "LoadBalancer open to 203.0.113.0/24", Level.LIMITED, "lb"));
    ranged.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/24", "0.0.0.0/0"));
    assertThat(Exposures.service(ranged)).hasValueSatisfying(v -> assertThat(v.level()).isEqualTo(Level.PUBLIC));
    assertThat(Exposures.service(service("shop", "cip", "ClusterIP", Map.of("app", "web"), Map.of()))).isEmpty();
  }

  @Test
  void anIngressExposesTheWorkloadsItsBackendServicesSelect() {
    var services = List.of(service("shop", "web", "ClusterIP", Map.of("app", "web"), Map.of()),
        service("shop", "api", "ClusterIP", Map.of("app", "api"), Map.of()));
    var ingresses = List.of(
        ingress("shop", "public", "nginx", "web", Map.of()),
        ingress("shop", "to-api", "nginx", "api", Map.of()),
        ingress("other", "elsewhere", "nginx", "web", Map.of()),
        ingress("shop", "alb-default", "alb", "web", Map.of()),
        ingress("shop", "alb-facing", "alb", "web", Map.of(Exposures.ALB_SCHEME, "internet-facing")));
    assertThat(Exposures.of("shop", WEB, services, ingresses)).containsExactly(
        new Via("Ingress", "public", "Ingress shop.example.com (nginx) → Service web", Level.PUBLIC, "web"),
        new Via("Ingress", "alb-facing", "Ingress shop.example.com (alb) → Service web", Level.PUBLIC, "web"),
        new Via("Ingress", "alb-default", "internal Ingress shop.example.com (alb) → Service web", Level.INTERNAL, "web"));
    assertThat(Exposures.level(Exposures.of("shop", WEB, services, ingresses))).isEqualTo(Level.PUBLIC);
  }

  @Test
  void theDefaultBackendCountsToo() {
    Ingress ing = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("catch-all").endMetadata()
        .withNewSpec().withNewDefaultBackend().withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
        .endDefaultBackend().endSpec().build();
    assertThat(Exposures.backends(ing)).containsExactly("web");
    assertThat(Exposures.of("shop", WEB, List.of(service("shop", "web", "ClusterIP", Map.of("app", "web"), Map.of())), List.of(ing)))
        .extracting(Via::detail).containsExactly("Ingress any host → Service web");
  }

  @Test
  void noWayInIsInternal() {
    assertThat(Exposures.level(List.of())).isEqualTo(Level.INTERNAL);
  }
}
