package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slf4j.LoggerFactory;

/**
 * The cluster's identity against fabric8's mock apiserver (TLS, CRUD, scripted refusals): the UID of
 * Namespace kube-system, read once as the agent's ServiceAccount; a refusal says what is missing
 * and leaves the agent without an identity rather than stopping it.
 */
class ClusterUidTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
  private final MockWebServer tls = new MockWebServer();
  private KubernetesMockServer apiserver;
  private KubernetesClient admin;
  private ApiForwarder forwarder;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ClusterUid.class);

  @BeforeEach
  void start() throws Exception {
    apiserver = new KubernetesMockServer(new Context(), tls, expectations, new KubernetesMixedDispatcher(expectations), true);
    apiserver.init();
    admin = apiserver.createClient();
    Path token = Files.writeString(dir.resolve("token"), "agent-sa-token\n");
    Path ca = Files.copy(Path.of(tls.getSelfSignedCertificate().certificatePath()), dir.resolve("ca.crt"));
    forwarder = new ApiForwarder(URI.create("https://localhost:" + apiserver.getPort()), token, Optional.of(ca));
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    admin.close();
    apiserver.destroy();
  }

  @Test
  void readsTheUidOfKubeSystemWithOneGetAsTheServiceAccount() throws Exception {
    String uid = admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build())
        .create().getMetadata().getUid();
    requests();

    assertThat(ClusterUid.read(forwarder, TIMEOUT)).contains(uid);

    assertThat(uid).isNotBlank();
    assertThat(requests()).singleElement().satisfies(r -> {
      assertThat(r.getMethod() + " " + r.getPath()).isEqualTo("GET /api/v1/namespaces/kube-system");
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer agent-sa-token");
    });
    assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).isEmpty();
  }

  @Test
  void aForbiddenReadSaysWhichGrantIsMissingAndLeavesTheAgentWithoutAnIdentity() throws Exception {
    apiserver.expect().get().withPath(ClusterUid.PATH).andReturn(403, status(403, "Forbidden",
        "namespaces \"kube-system\" is forbidden: User \"system:serviceaccount:periscope-agent:agent\" cannot get resource"
            + " \"namespaces\" in API group \"\" in the namespace \"kube-system\"")).once();

    assertThat(ClusterUid.read(forwarder, TIMEOUT)).isEmpty();

    assertThat(logs.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains(
          "cannot read this cluster's identity (the UID of Namespace kube-system)",
          "the agent's ServiceAccount may not get Namespace kube-system (HTTP 403: namespaces \"kube-system\" is forbidden",
          "it needs get on namespaces with resourceNames [kube-system]",
          "<release>-periscope-agent-cluster-identity",
          "Connecting without it: the server shows this cluster's identity as unverified");
    });
  }

  @Test
  void aRejectedTokenIsNamedAsSuch() throws Exception {
    apiserver.expect().get().withPath(ClusterUid.PATH).andReturn(401, status(401, "Unauthorized", "Unauthorized")).once();

    assertThat(ClusterUid.read(forwarder, TIMEOUT)).isEmpty();
    assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .contains("did not accept the agent's ServiceAccount token (HTTP 401: Unauthorized)"));
  }

  @Test
  void anApiserverNobodyAnswersAtIsNamedAsSuch() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ApiForwarder nowhere = new ApiForwarder(URI.create("https://localhost:" + closedPort), dir.resolve("token"),
        Optional.of(dir.resolve("ca.crt")));

    assertThat(ClusterUid.read(nowhere, TIMEOUT)).isEmpty();
    assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("cannot reach the apiserver"));
  }

  @Test
  void aNamespaceWithoutUidIsNoIdentity() throws Exception {
    apiserver.expect().get().withPath(ClusterUid.PATH).andReturn(200, "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-system\"}}").once();

    assertThat(ClusterUid.read(forwarder, TIMEOUT)).isEmpty();
    assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("has no metadata.uid"));
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
