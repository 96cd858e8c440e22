package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourcesBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Shared set-up for resource tests: CRDs, clients for dead clusters, request filters. */
final class ResourceFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private ResourceFixtures() {}

  /**
   * A namespaced CRD served at {@code v1} with a {@code status} subresource and, when {@code scale}, a {@code scale}
   * subresource ({@code spec.replicas}, {@code status.replicas}), which discovery lists and Scale is offered on.
   */
  static CustomResourceDefinition crd(String group, String kind, String plural, boolean scale) {
    var subresources = new CustomResourceSubresourcesBuilder().withNewStatus().endStatus();
    if (scale) {
      subresources.withNewScale().withSpecReplicasPath(".spec.replicas").withStatusReplicasPath(".status.replicas")
          .withLabelSelectorPath(".status.selector").endScale();
    }
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec().withGroup(group).withScope("Namespaced")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withSubresources(subresources.build()).endVersion()
        .endSpec().build();
  }

  /** The JSON {@code body}, for asserting on an answer. */
  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }

  /** Requests made on behalf of a person (carrying impersonation headers). */
  static List<RecordedRequest> asPerson(List<RecordedRequest> all) {
    return all.stream().filter(r -> r.getHeader("Impersonate-User") != null).toList();
  }

  static List<RecordedRequest> writes(List<RecordedRequest> all) {
    return all.stream().filter(r -> WRITES.contains(r.getMethod())).toList();
  }
}
