package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.agent.AgentMain;
import io.periscope.agent.RunningAgent;
import io.periscope.agent.link.Agent;
import io.periscope.agent.registration.RegistrationStore;
import io.periscope.testkit.TestEpoch;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as the Helm chart runs it, against the real tunnel server: settings from the pod's
 * environment ({@link AgentMain#configure}), the health endpoints, and the key and certificate in
 * the chart's state Secret on a fabric8 mock apiserver, which sees exactly a get and an update of
 * that one Secret. A restart, with the spent token still in the environment as the chart leaves
 * it, registers nothing; a renewed certificate is stored before it is used.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentStateSecretEndToEndTest {
  /** The agent's read of its cluster's identity, once per start. */
  private static final String IDENTITY = "GET /api/v1/namespaces/kube-system";
  private static final String NS = "periscope-agent";
  private static final String NAME = "periscope-agent-state";
  private static final String PATH = "/api/v1/namespaces/" + NS + "/secrets/" + NAME;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private TunnelFixture fx;
  private final MockWebServer tls = new MockWebServer();
  private KubernetesMockServer apiserver;
  private KubernetesClient admin;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
    apiserver = new KubernetesMockServer(new Context(), tls, new HashMap<>(), new KubernetesCrudDispatcher(), true);
    apiserver.init();
    admin = apiserver.createClient();
    // A cluster has a kube-system Namespace: its UID is the agent's cluster identity, read once it has one.
    admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("kube-system")
        .withUid("7e0b3c7a-5d1f-4c9e-9a41-2b6f0d8c1e55").endMetadata().build()).create();
    // What the chart renders: the Secret, empty, kept on uninstall.
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(NAME)
        .addToAnnotations("helm.sh/resource-policy", "keep").endMetadata().withType("Opaque").build()).create();
    requests();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : running) {
      c.close();
    }
    http.close();
    admin.close();
    apiserver.destroy();
    fx.close();
  }

  /** The container environment the chart renders, pointed at this test's tunnel and apiserver. */
  private Map<String, String> pod(String token) throws Exception {
    Path apiserverCa = dir.resolve("apiserver-ca.crt");
    if (!Files.exists(apiserverCa)) {
      Files.copy(Path.of(tls.getSelfSignedCertificate().certificatePath()), apiserverCa);
    }
    return Map.of(
        "PERISCOPE_AGENT_SERVER", fx.target(),
        "PERISCOPE_AGENT_CA_BUNDLE", fx.caBundle.toString(),
        "PERISCOPE_AGENT_STATE_SECRET", NAME,
        "PERISCOPE_AGENT_NAMESPACE", NS,
        "PERISCOPE_AGENT_TOKEN", token,
        "PERISCOPE_AGENT_CLUSTER", "edge-1",
        "PERISCOPE_AGENT_HEALTH_PORT", "0",
        "PERISCOPE_AGENT_APISERVER", "https://localhost:" + apiserver.getPort(),
        "PERISCOPE_AGENT_TOKEN_FILE", fx.tokenFile.toString(),
        "PERISCOPE_AGENT_APISERVER_CA", apiserverCa.toString());
  }

  private RunningAgent launch(Map<String, String> env) {
    RunningAgent agent = RunningAgent.start(AgentMain.configure(env));
    running.add(agent);
    return agent;
  }

  @Test
  void registersOnceIntoTheChartsSecretAndRestartsFromItWithTheSpentTokenStillSet() throws Exception {
    Map<String, String> env = pod(fx.registrations.mint("edge-1").token());

    RunningAgent first = launch(env);
    assertThat(first.agent().awaitConnected(WAIT)).as(first.agent().lastError()).isTrue();
    await().atMost(WAIT).until(() -> status(first, "/readyz") == 200);
    assertThat(status(first, "/healthz")).isEqualTo(200);

    List<RecordedRequest> seen = requests();
    // The state Secret read and written once, then the cluster's identity read once.
    assertThat(seen).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH, "PUT " + PATH, IDENTITY);
    assertThat(seen).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TunnelFixture.SA_TOKEN));
    X509Certificate stored = storedCertificate();
    assertThat(fx.registrations.issued()).singleElement().satisfies(c -> assertThat(c.serial()).isEqualTo(stored.getSerialNumber()));
    assertThat(admin.secrets().inNamespace(NS).withName(NAME).get().getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");

    first.close();
    requests(); // the test's own reads
    RunningAgent restarted = launch(env);

    assertThat(restarted.agent().awaitConnected(WAIT)).as(restarted.agent().lastError()).isTrue();
    await().atMost(WAIT).until(() -> status(restarted, "/readyz") == 200);
    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH, IDENTITY);
    assertThat(fx.registrations.issued()).as("no second registration").hasSize(1);
  }

  @Test
  void aRenewedCertificateIsStoredInTheSecretBeforeItIsUsedSoARestartKeepsIt() throws Exception {
    RunningAgent first = launch(pod(fx.registrations.mint("edge-1").token()));
    assertThat(first.agent().awaitConnected(WAIT)).isTrue();
    first.close();
    X509Certificate registered = storedCertificate();
    requests();

    // The same settings, checking for renewal often, on the server's clock: 21 of 30 days on, it renews.
    Agent renewing = fx.start(AgentMain.configure(pod("ptk_spent")).settings().withRenewCheckInterval(Duration.ofMillis(50)));
    assertThat(renewing.awaitConnected(WAIT)).isTrue();
    fx.clock.advance(Duration.ofDays(21));
    await().atMost(WAIT).until(() -> renewing.renewals() == 1 && renewing.connected());
    renewing.close();

    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath())
        .as("the version its last write returned guards the update: no extra read")
        .containsExactly("GET " + PATH, IDENTITY, "PUT " + PATH);
    X509Certificate renewed = storedCertificate();
    assertThat(renewed.getSerialNumber()).isNotEqualTo(registered.getSerialNumber());

    // Only an agent holding the renewed certificate gets in once the first is revoked.
    fx.registrations.revoke(registered.getSerialNumber());
    RunningAgent restarted = launch(pod("ptk_spent"));
    assertThat(restarted.agent().awaitConnected(WAIT)).as(restarted.agent().lastError()).isTrue();
    assertThat(fx.registrations.issued()).extracting(RegistrationStore.IssuedCertificate::serial)
        .containsExactlyInAnyOrder(registered.getSerialNumber(), renewed.getSerialNumber());
  }

  @Test
  void aTokenForAnotherClusterIsRefusedAndNothingIsStored() throws Exception {
    Map<String, String> env = pod(fx.registrations.mint("edge-2").token());

    assertThatThrownBy(() -> launch(env))
        .hasMessageContaining("the registration token was minted for cluster edge-2, but this agent serves cluster edge-1");

    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH);
    assertThat(admin.secrets().inNamespace(NS).withName(NAME).get().getData()).isNullOrEmpty();
  }

  @Test
  void aMissingSecretStopsTheStartBeforeTheTokenIsSpent() throws Exception {
    admin.secrets().inNamespace(NS).withName(NAME).delete();
    requests();
    var token = fx.registrations.mint("edge-1");

    assertThatThrownBy(() -> launch(pod(token.token())))
        .hasMessageContaining("Secret " + NS + "/" + NAME + " does not exist");

    assertThat(requests()).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly("GET " + PATH);
    assertThat(fx.registrations.issued()).isEmpty();
    RunningAgent later = launchAfterCreatingTheSecret(token.token());
    assertThat(later.agent().awaitConnected(WAIT)).as("the token was not spent").isTrue();
  }

  private RunningAgent launchAfterCreatingTheSecret(String token) throws Exception {
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(NAME).endMetadata().build()).create();
    return launch(pod(token));
  }

  private X509Certificate storedCertificate() throws Exception {
    Secret secret = admin.secrets().inNamespace(NS).withName(NAME).get();
    byte[] pem = Base64.getDecoder().decode(secret.getData().get("agent.crt"));
    assertThat(secret.getData()).containsKey("agent.key");
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  private int status(RunningAgent agent, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.healthPort() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The apiserver requests since the last call. */
  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r; (r = apiserver.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(r);
    }
    return out;
  }
}
