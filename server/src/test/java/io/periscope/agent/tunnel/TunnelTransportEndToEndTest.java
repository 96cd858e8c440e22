package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.periscope.agent.link.Agent;
import io.periscope.agent.transport.TunnelTransportFactory;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.agent.AgentConnector;
import io.periscope.problem.KubernetesErrors;
import io.periscope.testkit.TestEpoch;
import io.periscope.transport.RelayableBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel transport's plain HTTP path against a real agent: whole bodies, flow control when
 * the server's reader is slow, the tunnel's error codes for a client made while the agent was
 * still there, and the time-out for a response head that never comes.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class TunnelTransportEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private TunnelFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new TunnelFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private KubernetesClient client() {
    var spec = new ClusterSpec("edge-1", Backend.AGENT, Optional.empty(), Optional.empty(), Optional.empty(), "", Map.of(),
        Optional.empty(), Optional.empty(), Optional.of("edge-1"));
    return new AgentConnector(WAIT, Optional.of(fx.tunnel)).connect(spec);
  }

  private static HttpResponse<AsyncBody> get(HttpClient http, String path, Duration timeout) throws Exception {
    var request = http.newHttpRequestBuilder().uri(TunnelTransportFactory.MASTER_URL + path)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
    return http.consumeBytes(request, (buffers, body) -> body.consume()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aListRelaysWholeAndByteForByteAsTheApiserverSentIt() throws Exception {
    fx.connectedAgent("edge-1");
    String blob = "y".repeat(8 * 1024);
    for (int i = 0; i < 200; i++) {
      fx.apiserver.client().configMaps().inNamespace("default")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().addToData("blob", blob).build()).create();
    }
    String direct = fx.apiserver.client().getHttpClient().sendAsync(fx.apiserver.client().getHttpClient().newHttpRequestBuilder()
        .uri(fx.apiserver.client().getMasterUrl() + "api/v1/namespaces/default/configmaps").build(), String.class).get().body();

    try (KubernetesClient client = client()) {
      HttpResponse<AsyncBody> r = get(client.getHttpClient(), "api/v1/namespaces/default/configmaps", WAIT);
      var relayed = new ByteArrayOutputStream();
      ((RelayableBody) r.body()).relayTo(relayed, WAIT);

      assertThat(r.code()).isEqualTo(200);
      assertThat(relayed.size()).isGreaterThan(1_600_000);
      assertThat(relayed.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(direct);
      assertThat(r.body().done()).isCompleted();
    }
  }

  @Test
  void aListTheApiserverCompressedCrossesTheTunnelCompressedAndSaysSo() throws Exception {
    fx.connectedAgent("edge-1");
    var plain = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.GZIPOutputStream(plain)) {
      zip.write("{\"kind\":\"PodList\",\"items\":[]}".repeat(5_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] zipped = plain.toByteArray();
    var asked = new java.util.concurrent.CopyOnWriteArrayList<String>();
    fx.apiserver.answer("GET", "/api/v1/namespaces/zipped/pods", request -> {
      asked.add(String.valueOf(request.getHeader("Accept-Encoding")));
      return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setHeader("Content-Encoding", "gzip").setBody(zipped);
    });

    try (KubernetesClient client = client()) {
      var head = new java.util.concurrent.atomic.AtomicReference<io.periscope.k8s.Apiserver.Head>();
      var relayed = new ByteArrayOutputStream();
      new io.periscope.k8s.Apiserver(WAIT).relay("edge-1", client.getHttpClient(), TunnelTransportFactory.MASTER_URL,
          io.periscope.k8s.Apiserver.Call.get("/api/v1/namespaces/zipped/pods", Map.of()), true, h -> {
            head.set(h);
            return relayed;
          });

      assertThat(asked).as("the agent passes the server's Accept-Encoding on").containsExactly("gzip");
      assertThat(head.get().contentEncoding()).isEqualTo("gzip");
      assertThat(relayed.toByteArray()).as("the tunnel carries the compressed bytes untouched").isEqualTo(zipped);
    }
  }

  @Test
  void aSlowReaderOfAnEndlessBodyHoldsTheApiserverBack() throws Exception {
    try (FirehoseApiserver firehose = new FirehoseApiserver()) {
      Agent agent = fx.start(fx.settings("firehose", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle, firehose.url())
          .withoutClusterIdentity()); // the stand-in apiserver serves only the list under test
      assertThat(agent.awaitConnected(WAIT)).isTrue();
      try (KubernetesClient client = client()) {
        HttpResponse<AsyncBody> r = get(client.getHttpClient(), "api/v1/pods?watch=true", WAIT);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
          try {
            ((RelayableBody) r.body()).relayTo(new OutputStream() {
              private long written;

              @Override
              public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1024 * 1024) {
                  stalled.countDown();
                  try {
                    release.await(); // a browser that stopped reading
                  } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                  }
                  throw new IOException("the browser went away");
                }
              }
            }, Duration.ofMinutes(1));
          } catch (IOException expected) {
            // the browser went away
          }
        });
        try {
          assertThat(stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
          long cap = 64L * 1024 * 1024;
          await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> firehose.watchBytes.get() < cap);
        } finally {
          release.countDown();
          reader.join(WAIT.toMillis());
        }
        // The reader failing abandons the call: the agent lets go of the apiserver.
        await().atMost(WAIT).until(() -> agent.inFlight() == 0);
      }
    }
  }

  @Test
  void aClientMadeWhileTheAgentWasThereAnswersWithTheTunnelsReasonOnceItIsGone() throws Exception {
    Agent agent = fx.connectedAgent("edge-1");
    try (KubernetesClient client = client()) {
      client.namespaces().list();

      fx.registrations.deregister("edge-1");
      await().atMost(WAIT).until(() -> !agent.connected());

      assertThatThrownBy(() -> client.namespaces().list()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
        assertThat(e.getCode()).isEqualTo(503);
        assertThat(KubernetesErrors.code(e)).isEqualTo("agent_deregistered");
        assertThat(e.getStatus().getMessage()).contains("cluster 'edge-1'");
      });
    }
  }

  @Test
  void aResponseHeadThatNeverComesTimesOutAndTheCallIsAbandoned() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Agent agent = fx.start(fx.settings("silent", Optional.of(fx.registrations.mint("edge-1").token()), fx.caBundle,
          URI.create("http://127.0.0.1:" + silent.getLocalPort())).withoutClusterIdentity()); // it accepts the request under test only
      assertThat(agent.awaitConnected(WAIT)).isTrue();
      try (KubernetesClient client = client()) {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder().uri(TunnelTransportFactory.MASTER_URL + "api/v1/namespaces")
            .timeout(300, TimeUnit.MILLISECONDS).build();
        var answer = http.sendAsync(request, String.class);
        try (Socket accepted = silent.accept()) {
          long started = System.nanoTime();
          assertThatThrownBy(() -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class)
              .cause().hasMessageContaining("cluster 'edge-1'");
          assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
          // The abandoned call reaches the agent, which drops its apiserver connection (the request, then the end).
          accepted.setSoTimeout((int) WAIT.toMillis());
          assertThat(new String(accepted.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
              .startsWith("GET /api/v1/namespaces HTTP/1.1");
          await().atMost(WAIT).until(() -> agent.inFlight() == 0);
        }
      }
    }
  }
}
