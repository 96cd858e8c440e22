package io.periscope.rbac.denial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.util.List;
import java.util.Map;
import io.fabric8.mockwebserver.http.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 403 from the apiserver reaches the console with the refused request and the grant to ask for. */
class ForbiddenErrorBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private PeriscopeHarness harness;
  private TestBrowser alice;

  @BeforeEach
  void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "auth.authorization.groupPrefix", "oidc:"));
    harness.apiserver.serveDiscovery();
    alice = harness.browser();
    alice.login("alice", List.of("devs", "oncall"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A Forbidden Status as the apiserver sends it: message from the authorizer's attributes, details of the resource. */
  private static MockResponse forbidden(String message, String group, String kind, String name) {
    try {
      var details = new java.util.LinkedHashMap<String, Object>(Map.of("group", group, "kind", kind));
      if (name != null) {
        details.put("name", name);
      }
      return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(Map.of(
          "kind", "Status", "apiVersion", "v1", "metadata", Map.of(), "status", "Failure", "message", message, "reason", "Forbidden",
          "details", details, "code", 403)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRefusedGetCarriesTheRequestAndTheGrantForTheUserAndEachGroup() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/secrets/db-password", req -> {
      assertThat(req.getHeader("Impersonate-User")).isEqualTo("alice");
      return forbidden("secrets \"db-password\" is forbidden: User \"alice\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\"",
          "", "secrets", "db-password");
    });

    var r = alice.get(C + "/resources/core/v1/secrets/shop/db-password");

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo("forbidden");
    assertThat(body.get("message").asText()).contains("cannot get resource \"secrets\"");
    assertThat(body.get("requestId").asText()).isNotBlank();
    assertThat(body.get("denied")).isEqualTo(JSON.readTree("""
        {"user":"alice","verb":"get","apiGroup":"","resource":"secrets","subresource":"","namespace":"shop","name":"db-password","path":""}"""));
    JsonNode ask = body.get("askAdmin");
    assertThat(ask.get("summary").asText()).isEqualTo("get secrets \"db-password\" in namespace \"shop\"");
    assertThat(ask.get("scope").asText()).isEqualTo("namespace");
    assertThat(ask.get("grants")).extracting(g -> g.get("subjectKind").asText() + " " + g.get("subject").asText())
        .containsExactly("User alice", "Group oidc:devs", "Group oidc:oncall");
    assertThat(ask.get("grants").get(0).get("yaml").asText()).contains("kind: Role\n").contains("resourceNames: [\"db-password\"]")
        .contains("verbs: [\"get\"]");
  }

  @Test
  void aRefusedListAcrossNamespacesAsksForAClusterRole() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/pods", req -> forbidden(
        "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" at the cluster scope", "", "pods", null));

    var r = alice.get(C + "/resources/core/v1/pods");

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode ask = JSON.readTree(r.body()).get("askAdmin");
    assertThat(ask.get("scope").asText()).isEqualTo("cluster");
    assertThat(ask.get("grants").get(0).get("yaml").asText()).contains("kind: ClusterRole\n").contains("kind: ClusterRoleBinding\n")
        .doesNotContain("resourceNames");
  }

  @Test
  void otherErrorsKeepTheThreeFields() throws Exception {
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/configmaps", req -> MockApiServer.status(403, "Forbidden",
        "admission webhook \"policy.example.com\" denied the request"));
    harness.apiserver.answer("GET", "/api/v1/namespaces/shop/secrets", req -> MockApiServer.status(500, "InternalError", "etcd is slow"));

    for (String path : List.of("/resources/core/v1/configmaps?namespace=shop", "/resources/core/v1/secrets?namespace=shop")) {
      JsonNode body = JSON.readTree(alice.get(C + path).body());
      assertThat(body.properties()).extracting(Map.Entry::getKey).as(path).containsExactlyInAnyOrder("code", "message", "requestId");
    }
  }
}
