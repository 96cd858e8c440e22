package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.Map;

/**
 * The showcase cluster's way in from the internet: payments-api behind a public LoadBalancer (the
 * in-tree AWS controller's default, an internet-facing NLB), so fix first can rank the workload
 * that has it all — an exploitable critical CVE, a role that reads secrets, and a public Service;
 * and checkout-web behind the ingress-nginx controller's Ingress (class {@code nginx}), the other
 * way workloads meet the internet.
 */
final class DemoExposure {
  private DemoExposure() {}

  static void seed(StoreWriter store, Instant now) {
    Service lb = store.create(new ServiceBuilder()
        .withMetadata(Workloads.meta("payments", "payments-api-public", Map.of("app.kubernetes.io/name", "payments-api"),
            now.minusSeconds(86_400 * 20)))
        .editMetadata().addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-type", "nlb").endMetadata()
        .withNewSpec().withType("LoadBalancer").withSelector(Map.of("app.kubernetes.io/name", "payments-api"))
        .addNewPort().withName("https").withPort(443).withNewTargetPort(8080).withNodePort(31443).withProtocol("TCP").endPort()
        .withClusterIP("10.100.77.14").withExternalTrafficPolicy("Local").endSpec()
        .build());
    lb.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer().addNewIngress()
        .withHostname("a1b2c3d4e5f60718293a4b5c6d7e8f90-1a2b3c4d5e6f7a8b.elb.us-east-1.amazonaws.com").endIngress().endLoadBalancer().build());
    store.updateStatus(lb, "services");

    store.create(DemoCertificates.shopTls(now));
    store.create(new io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder()
        .withMetadata(Workloads.meta(null, "nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), now.minusSeconds(86_400 * 60)))
        .withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build());
    var ingress = store.create(new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
        .withMetadata(Workloads.meta("checkout", "checkout-web", Map.of("app.kubernetes.io/name", "checkout-web"),
            now.minusSeconds(86_400 * 20)))
        .withNewSpec().withIngressClassName("nginx")
        .addNewTl().withHosts("shop.example.com").withSecretName("shop-example-com-tls").endTl()
        .addNewRule().withHost("shop.example.com").withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
        .withNewBackend().withNewService().withName("checkout-web").withNewPort().withNumber(80).endPort().endService().endBackend()
        .endPath()
        // The recommendations release cannot pull its image: this path has no ready pod behind it.
        .addNewPath().withPath("/recommendations").withPathType("Prefix")
        .withNewBackend().withNewService().withName("recommendations").withNewPort().withNumber(80).endPort().endService().endBackend()
        .endPath().endHttp().endRule()
        .endSpec().build());
    ingress.setStatus(new io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder().withNewLoadBalancer().addNewIngress()
        .withHostname("a9f8e7d6c5b4a3928170f6e5d4c3b2a1-0f1e2d3c4b5a6978.elb.us-east-1.amazonaws.com").endIngress().endLoadBalancer().build());
    store.updateStatus(ingress, "ingresses");
  }
}
