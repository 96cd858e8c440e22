package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * cert-manager's {@code certificates.cert-manager.io}: a CRD almost every cluster has, so the
 * demo shows the generic (discovery-driven) resource views on a kind the server has no code for.
 * Instances are created through the generic API, as the console itself would see them.
 */
final class CertManagerCrd {
  static final String GROUP = "cert-manager.io";
  static final String VERSION = "v1";
  static final String PLURAL = "certificates";
  static final String KIND = "Certificate";

  private CertManagerCrd() {}

  static CustomResourceDefinitionContext context() {
    return new CustomResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withPlural(PLURAL)
        .withKind(KIND).withScope("Namespaced").withName(PLURAL + "." + GROUP).build();
  }

  static CustomResourceDefinition definition() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(PLURAL + "." + GROUP).withLabels(Map.of("app.kubernetes.io/name", "cert-manager")).endMetadata()
        .withNewSpec().withGroup(GROUP).withScope("Namespaced")
        .withNewNames().withKind(KIND).withListKind(KIND + "List").withPlural(PLURAL).withSingular("certificate")
        .withShortNames("cert", "certs").withCategories("cert-manager").endNames()
        .addNewVersion().withName(VERSION).withServed(true).withStorage(true)
        .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
            .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
        .addNewAdditionalPrinterColumn().withName("Ready").withType("string")
        .withJsonPath(".status.conditions[?(@.type==\"Ready\")].status").endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Secret").withType("string").withJsonPath(".spec.secretName").endAdditionalPrinterColumn()
        // cert-manager's own columns: Issuer and Status only with -o wide, then Age.
        .addNewAdditionalPrinterColumn().withName("Issuer").withType("string").withPriority(1)
        .withJsonPath(".spec.issuerRef.name").endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Status").withType("string").withPriority(1)
        .withJsonPath(".status.conditions[?(@.type==\"Ready\")].message").endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn().withName("Age").withType("date").withJsonPath(".metadata.creationTimestamp")
        .withDescription("CreationTimestamp is a timestamp representing the server time when this object was created.")
        .endAdditionalPrinterColumn()
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .endVersion()
        .endSpec().build();
  }

  /** A certificate whose Ready condition is {@code ready}; the demo has one failing renewal. */
  static GenericKubernetesResource certificate(String namespace, String name, String dnsName, boolean ready, Instant now) {
    Map<String, Object> condition = ready
        ? Map.of("type", "Ready", "status", "True", "reason", "Ready", "message", "Certificate is up to date and has not expired")
        : Map.of("type", "Ready", "status", "False", "reason", "Failed",
            "message", "The certificate request has failed to complete and will be retried: ACME challenge failed");
    Instant notAfter = now.plusSeconds(ready ? 86_400 * 60 : 86_400 * 3);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION).withKind(KIND)
        .withMetadata(Workloads.meta(namespace, name, Map.of("app.kubernetes.io/managed-by", "cert-manager"), now.minusSeconds(86_400 * 60)))
        .addToAdditionalProperties("spec", Map.of("secretName", name + "-tls", "dnsNames", List.of(dnsName),
            "issuerRef", Map.of("name", "letsencrypt-prod", "kind", "ClusterIssuer")))
        // 90-day certificates that cert-manager renews 30 days before their end: the failing one was due 27 days ago.
        .addToAdditionalProperties("status", Map.of("conditions", List.of(condition),
            "notAfter", notAfter.toString(), "renewalTime", notAfter.minusSeconds(86_400 * 30).toString()))
        .build();
  }

  /** The Certificates of the production estate (the CRD itself is in every cluster). */
  static void seedCertificates(StoreWriter store, Instant now) {
    for (GenericKubernetesResource cert : List.of(
        certificate("payments", "payments-api", "pay.example.com", true, now),
        certificate("checkout", "checkout-web", "shop.example.com", true, now),
        certificate("monitoring", "grafana", "grafana.internal.example.com", false, now))) {
      // With a status subresource the apiserver drops status on create, as a real one does.
      GenericKubernetesResource created = store.create(cert, PLURAL);
      created.setAdditionalProperty("status", cert.getAdditionalProperties().get("status"));
      store.updateStatus(created, PLURAL);
    }
  }
}
