package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state Secret against fabric8's mock apiserver (TLS, CRUD with resourceVersion checks, scripted refusals). */
class StateSecretTest {
  private static final String NS = "periscope-agent";
  private static final String NAME = "periscope-agent-state";
  private static final String PATH = "/api/v1/namespaces/" + NS + "/secrets/" + NAME;
  private static final Identity FIRST = new Identity("-----BEGIN PRIVATE KEY-----\nfirst\n-----END PRIVATE KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nfirst\n-----END CERTIFICATE-----\n", Identity.sha256("first-token"));
  /** As state written by an agent that kept no token digest. */
  private static final Identity SECOND = new Identity("-----BEGIN PRIVATE KEY-----\nsecond\n-----END PRIVATE KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nsecond\n-----END CERTIFICATE-----\n");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
  private final MockWebServer tls = new MockWebServer();
  private KubernetesMockServer apiserver;
  private KubernetesClient admin;
  private ApiForwarder forwarder;

  @BeforeEach
  void startApiserver() throws Exception {
    apiserver = new KubernetesMockServer(new Context(), tls, expectations, new KubernetesMixedDispatcher(expectations), true);
    apiserver.init();
    admin = apiserver.createClient();
    Path token = dir.resolve("token");
    Files.writeString(token, "agent-sa-token\n");
    Path ca = Files.copy(Path.of(tls.getSelfSignedCertificate().certificatePath()), dir.resolve("ca.crt"));
    forwarder = new ApiForwarder(URI.create("https://localhost:" + apiserver.getPort()), token, Optional.of(ca));
  }

  @AfterEach
  void stop() {
    admin.close();
    apiserver.destroy();
  }

  private StateSecret store() {
    return new StateSecret(forwarder, new StateLocation.KubernetesSecret(NS, NAME), Duration.ofSeconds(10));
  }

  /** The empty Secret the chart creates, with the chart's label and keep annotation. */
  private void chartCreatesTheSecret() throws InterruptedException {
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(NAME)
        .addToLabels("app.kubernetes.io/name", "periscope-agent").addToAnnotations("helm.sh/resource-policy", "keep")
        .endMetadata().withType("Opaque").build()).create();
    requests();
  }

  @Test
  void aFirstStartFindsTheChartsEmptySecretThenStoresTheIdentityWithOneGetAndOneUpdate() throws Exception {
    chartCreatesTheSecret();

    StateSecret store = store();
    assertThat(store.load()).isEmpty();
    store.save(FIRST);

    List<RecordedRequest> seen = requests();
    assertThat(seen).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH, "PUT " + PATH);
    assertThat(seen).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer agent-sa-token"));
    Secret stored = admin.secrets().inNamespace(NS).withName(NAME).get();
    assertThat(decoded(stored, "agent.key")).isEqualTo(FIRST.keyPem());
    assertThat(decoded(stored, "agent.crt")).isEqualTo(FIRST.chainPem());
    assertThat(decoded(stored, "agent.token-sha256")).isEqualTo(Identity.sha256("first-token"));
    assertThat(stored.getMetadata().getAnnotations()).as("the chart's metadata stays").containsEntry("helm.sh/resource-policy", "keep");
    assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "periscope-agent");
    requests();

    assertThat(store().load()).as("a restarted agent finds it").contains(FIRST);
    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH);
  }

  @Test
  void aRenewalReplacesTheIdentityWithTheVersionItsLastWriteReturned() throws Exception {
    chartCreatesTheSecret();
    StateSecret store = store();
    store.load();
    store.save(FIRST);
    requests();

    store.save(SECOND);

    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("PUT " + PATH);
    assertThat(store().load()).contains(SECOND);
    assertThat(admin.secrets().inNamespace(NS).withName(NAME).get().getData())
        .as("no digest is left beside a certificate it did not buy").doesNotContainKey("agent.token-sha256");
  }

  /** The update carries the resourceVersion read (the mock refuses a stale one with 409, as the apiserver does). */
  @Test
  void aSecretChangedSinceItWasReadIsReadAgainAndKeepsTheOtherChange() throws Exception {
    chartCreatesTheSecret();
    StateSecret store = store();
    store.load();
    admin.secrets().inNamespace(NS).withName(NAME).edit(s -> new SecretBuilder(s).editMetadata().addToLabels("team", "sre")
        .endMetadata().build());
    requests();

    store.save(FIRST);

    List<RecordedRequest> seen = requests();
    assertThat(seen).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("PUT " + PATH, "GET " + PATH, "PUT " + PATH);
    Secret stored = admin.secrets().inNamespace(NS).withName(NAME).get();
    assertThat(decoded(stored, "agent.crt")).isEqualTo(FIRST.chainPem());
    assertThat(stored.getMetadata().getLabels()).containsEntry("team", "sre");
  }

  @Test
  void aSecretThatKeepsChangingIsAnErrorAfterThreeAttempts() throws Exception {
    chartCreatesTheSecret();
    apiserver.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict", "the object has been modified")).always();
    StateSecret store = store();
    store.load();

    assertThatThrownBy(() -> store.save(FIRST)).hasMessageContaining("Secret " + NS + "/" + NAME)
        .hasMessageContaining("3 attempts").hasMessageContaining("another agent");
    assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("GET", "PUT", "GET", "PUT", "GET", "PUT");
  }

  @Test
  void aMissingSecretIsNamedWithTheCommandThatCreatesItAndIsNeverCreatedByTheAgent() throws Exception {
    assertThatThrownBy(() -> store().load())
        .hasMessageContaining("Secret " + NS + "/" + NAME + " does not exist")
        .hasMessageContaining("kubectl -n " + NS + " create secret generic " + NAME);

    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH);
    assertThat(admin.secrets().inNamespace(NS).withName(NAME).get()).isNull();
  }

  @Test
  void aForbiddenReadNamesTheVerbsTheAgentNeeds() throws Exception {
    apiserver.expect().get().withPath(PATH).andReturn(403, status(403, "Forbidden",
        "secrets \"" + NAME + "\" is forbidden: User \"system:serviceaccount:" + NS + ":agent\" cannot get resource \"secrets\"")).once();

    assertThatThrownBy(() -> store().load())
        .hasMessageContaining("may not get Secret " + NS + "/" + NAME)
        .hasMessageContaining("HTTP 403: secrets \"" + NAME + "\" is forbidden")
        .hasMessageContaining("get and update on that Secret");
  }

  @Test
  void aForbiddenUpdateLeavesTheStoredStateAsItWas() throws Exception {
    chartCreatesTheSecret();
    apiserver.expect().put().withPath(PATH).andReturn(403, status(403, "Forbidden", "cannot update resource")).once();
    StateSecret store = store();
    store.load();

    assertThatThrownBy(() -> store.save(FIRST)).hasMessageContaining("may not update Secret " + NS + "/" + NAME);
    assertThat(store().load()).isEmpty();
  }

  @Test
  void aRejectedTokenIsNamedAsSuch() throws Exception {
    apiserver.expect().get().withPath(PATH).andReturn(401, status(401, "Unauthorized", "Unauthorized")).once();

    assertThatThrownBy(() -> store().load()).hasMessageContaining("did not accept the agent's ServiceAccount token")
        .hasMessageContaining("HTTP 401");
  }

  private static String decoded(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
  }

  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r; (r = apiserver.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(r);
    }
    return out;
  }

  private static String status(int code, String reason, String message) throws Exception {
    return JSON.writeValueAsString(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(), "status", "Failure",
        "message", message, "reason", reason, "code", code));
  }
}
