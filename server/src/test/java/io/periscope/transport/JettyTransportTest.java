package io.periscope.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.ImpersonatorInterceptor;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.clusters.incluster.InClusterConnector;
import io.periscope.k8s.Apiserver;
import io.periscope.testkit.TestEpoch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list transport against real peers: fabric8's mock apiserver over TLS with a ServiceAccount
 * mount (the in-cluster connector's config, so CA, token file and its rotation come from fabric8's
 * own configuration code), and raw sockets for an apiserver that stalls or breaks off.
 */
class JettyTransportTest {
  static final ClusterSpec SELF = new ClusterSpec("home", Backend.IN_CLUSTER, Optional.empty(), Optional.empty(),
      Optional.empty(), "", Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
  static final Apiserver APISERVER = new Apiserver(Duration.ofSeconds(2));

  @TempDir Path sa;
  KubernetesMockServer apiserver;
  HttpClient transport;

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
    if (apiserver != null) {
      apiserver.destroy();
    }
  }

  @Test
  void relaysTheListOverTlsAsThePersonWithTheMountedTokenAndPicksUpARotatedOne() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    transport = JettyTransportFactory.create("home", main.getConfiguration()).orElseThrow();
    HttpClient alice = asPerson(transport, "alice", "periscope:devs", "periscope:sre");

    String relayed = relay(alice, main, "/api/v1/namespaces");

    assertThat(relayed).isEqualTo(main.getHttpClient().sendAsync(main.getHttpClient().newHttpRequestBuilder()
        .uri(main.getMasterUrl() + "api/v1/namespaces").build(), String.class).get(5, TimeUnit.SECONDS).body());
    assertThat(relayed).contains("\"name\":\"periscope\"");
    RecordedRequest seen = take();
    assertThat(seen.getHeaders().headers("Authorization")).containsExactly("Bearer token-one");
    assertThat(seen.getHeaders().headers("Impersonate-User")).containsExactly("alice");
    assertThat(seen.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs", "periscope:sre");
    assertThat(seen.getHeaders().headers("Accept")).containsExactly(Apiserver.TABLE_ACCEPT);
    assertThat(seen.getHeaders().headers("Accept-Encoding")).as("bytes are relayed as sent; no gzip negotiated").isEmpty();
    take(); // the main client's comparison read

    Files.writeString(sa.resolve("token"), "token-two-rotated\n");
    relay(alice, main, "/api/v1/namespaces");
    assertThat(take().getHeaders().headers("Authorization")).containsExactly("Bearer token-two-rotated");
  }

  @Test
  void theMainClientsStreamKeptForProxiedClustersCarriesTheSameBytes() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    transport = JettyTransportFactory.create("home", main.getConfiguration()).orElseThrow();
    var piped = new ByteArrayOutputStream();
    try (var body = APISERVER.stream("home", main, Apiserver.Call.get("/api/v1/namespaces", Map.of()).accept(Apiserver.TABLE_ACCEPT))) {
      body.body().transferTo(piped);
    }
    assertThat(piped.toString(StandardCharsets.UTF_8)).isEqualTo(relay(transport, main, "/api/v1/namespaces")).contains("\"name\":\"periscope\"");
  }

  @Test
  void aServerCertificateNotSignedByTheClusterCaIsRefused() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    Config wrongCa = new ConfigBuilder(main.getConfiguration()).withCaCertFile(null)
        .withCaCertData(java.util.Base64.getEncoder().encodeToString(unrelatedCa().getBytes(StandardCharsets.US_ASCII))).build();
    transport = JettyTransportFactory.create("home", wrongCa).orElseThrow();

    assertThatThrownBy(() -> relay(transport, main, "/api/v1/namespaces"))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("cluster_unreachable");
        })
        .hasMessageContaining("cluster 'home'");
  }

  @Test
  void anApiserverThatNeverAnswersIsA504NamingTheCluster() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> acceptAndHold(silent));
      transport = JettyTransportFactory.create("home", plain(silent.getLocalPort())).orElseThrow();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> APISERVER.relay("home", transport, "http://127.0.0.1:" + silent.getLocalPort(),
          Apiserver.Call.get("/api/v1/pods", Map.of()), head -> new ByteArrayOutputStream()))
          .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.code()).isEqualTo("cluster_timeout");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aResponseBrokenOffMidBodyFailsTheRelayInsteadOfEndingItQuietly() throws Exception {
    try (ServerSocket broken = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> answerThenBreakOff(broken));
      transport = JettyTransportFactory.create("home", plain(broken.getLocalPort())).orElseThrow();
      var out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> APISERVER.relay("home", transport, "http://127.0.0.1:" + broken.getLocalPort(),
          Apiserver.Call.get("/api/v1/pods", Map.of()), head -> {
            assertThat(head.contentLength()).isEqualTo(100_000);
            return out;
          }))
          .isInstanceOf(IOException.class);
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"items\":[");
    }
  }

  @Test
  void aBrowserThatGoesAwayMidListAbandonsTheReadAndTheNextListStillWorks() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    transport = JettyTransportFactory.create("home", main.getConfiguration()).orElseThrow();
    OutputStream goneBrowser = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("broken pipe");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("broken pipe");
      }
    };

    assertThatThrownBy(() -> APISERVER.relay("home", transport, main.getMasterUrl().toString(),
        Apiserver.Call.get("/api/v1/namespaces", Map.of()), head -> goneBrowser))
        .isInstanceOf(IOException.class).hasMessageContaining("broken pipe");

    assertThat(relay(transport, main, "/api/v1/namespaces")).contains("\"name\":\"periscope\"");
  }

  @Test
  void anApiserverErrorComesBackAsItsStatus() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    transport = JettyTransportFactory.create("home", main.getConfiguration()).orElseThrow();
    assertThatThrownBy(() -> relay(transport, main, "/api/v1/namespaces/nosuchnamespace"))
        .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // unbounded, the read would never end
  void aHugeErrorBodyIsReadOnlyAsFarAsItsFirst64KiB() throws Exception {
    try (ServerSocket flood = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> answerErrorWithEndlessBody(flood));
      transport = JettyTransportFactory.create("home", plain(flood.getLocalPort())).orElseThrow();
      assertThatThrownBy(() -> APISERVER.relay("home", transport, "http://127.0.0.1:" + flood.getLocalPort(),
          Apiserver.Call.get("/api/v1/pods", Map.of()), head -> new ByteArrayOutputStream()))
          .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(500);
            assertThat(e.getMessage()).contains("answered HTTP 500");
          });
    }
  }

  @Test
  void aCookieTheApiserverSetsForOnePersonIsNotSentWithTheNextPersonsList() throws Exception {
    try (ServerSocket sticky = new ServerSocket(0)) {
      var heads = new java.util.concurrent.LinkedBlockingQueue<String>();
      Thread.ofVirtual().start(() -> answerWithStickyCookie(sticky, heads));
      transport = JettyTransportFactory.create("home", plain(sticky.getLocalPort())).orElseThrow();
      String master = "http://127.0.0.1:" + sticky.getLocalPort();
      for (HttpClient person : new HttpClient[] {asPerson(transport, "alice", "periscope:devs"), asPerson(transport, "bob", "periscope:ops")}) {
        APISERVER.relay("home", person, master, Apiserver.Call.get("/api/v1/pods", Map.of()), head -> new ByteArrayOutputStream());
      }

      String alice = heads.poll(10, TimeUnit.SECONDS);
      String bob = heads.poll(10, TimeUnit.SECONDS);
      assertThat(alice).contains("Impersonate-User: alice");
      assertThat(bob).contains("Impersonate-User: bob").doesNotContainIgnoringCase("cookie");
    }
  }

  @Test
  void fabric8sOwnReadsWorkOverTheTransportToo() throws Exception {
    KubernetesClient main = inClusterClientOfTlsApiserver("token-one");
    transport = JettyTransportFactory.create("home", main.getConfiguration()).orElseThrow();
    var response = transport.sendAsync(transport.newHttpRequestBuilder().uri(main.getMasterUrl() + "api/v1/namespaces").build(), String.class)
        .get(5, TimeUnit.SECONDS);
    assertThat(response.code()).isEqualTo(200);
    assertThat(response.header("content-length")).as("header names are case-insensitive")
        .isEqualTo(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length));
    assertThat(response.body()).contains("\"name\":\"periscope\"");
  }

  @Test
  void aConfigWithAProxyKeepsListsOnTheMainClient() {
    Config viaProxy = new ConfigBuilder(Config.empty()).withMasterUrl("https://10.0.0.1:443")
        .withHttpsProxy("http://proxy.corp.example:3128").build();
    assertThat(JettyTransportFactory.create("home", viaProxy)).isEmpty();
    Config direct = new ConfigBuilder(Config.empty()).withMasterUrl("https://10.0.0.1:443").build();
    Optional<HttpClient> created = JettyTransportFactory.create("home", direct);
    assertThat(created).isPresent();
    created.get().close();
  }

  private KubernetesClient inClusterClientOfTlsApiserver(String token) throws Exception {
    MockWebServer tls = new MockWebServer();
    apiserver = new KubernetesMockServer(new Context(), tls, new HashMap<>(), new KubernetesCrudDispatcher(), true);
    apiserver.init();
    try (KubernetesClient admin = apiserver.createClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("periscope").endMetadata().build()).create();
    }
    apiserver.takeRequest();
    Files.copy(Path.of(tls.getSelfSignedCertificate().certificatePath()), sa.resolve("ca.crt"));
    Files.writeString(sa.resolve("token"), token + "\n");
    var connector = new InClusterConnector(Duration.ofSeconds(10),
        Map.of("KUBERNETES_SERVICE_HOST", "localhost", "KUBERNETES_SERVICE_PORT", String.valueOf(apiserver.getPort())), sa,
        TestEpoch.clock());
    return connector.connect(SELF);
  }

  private static HttpClient asPerson(HttpClient transport, String user, String... groups) {
    var rc = new RequestConfigBuilder().withImpersonateUsername(user).withImpersonateGroups(groups).build();
    return transport.newBuilder().tag(rc).addOrReplaceInterceptor(ImpersonatorInterceptor.NAME, new ImpersonatorInterceptor(rc)).build();
  }

  @Test
  void aBodyThatGoesQuietMidWayFailsAfterTheIdleTimeNamingIt() throws Exception {
    try (ServerSocket quiet = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> answerThenGoQuiet(quiet));
      transport = JettyTransportFactory.create("home", plain(quiet.getLocalPort())).orElseThrow();
      var out = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> APISERVER.relay("home", transport, "http://127.0.0.1:" + quiet.getLocalPort(),
          Apiserver.Call.get("/api/v1/pods", Map.of()), head -> out))
          .isInstanceOf(IOException.class).hasMessageContaining("sent nothing for 2000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(10));
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"items\":[");
    }
  }

  @Test
  void aSlowBodyThatKeepsComingOutlastsTheIdleTime() throws Exception {
    try (ServerSocket slow = new ServerSocket(0)) {
      // 12 pieces 300 ms apart: 3.6 s in all, never 2 s without bytes
      Thread.ofVirtual().start(() -> answerInPieces(slow, 12, Duration.ofMillis(300)));
      transport = JettyTransportFactory.create("home", plain(slow.getLocalPort())).orElseThrow();
      var out = new ByteArrayOutputStream();
      APISERVER.relay("home", transport, "http://127.0.0.1:" + slow.getLocalPort(), Apiserver.Call.get("/api/v1/pods", Map.of()),
          head -> out);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x".repeat(12));
    }
  }

  private static String relay(HttpClient via, KubernetesClient main, String path) throws IOException {
    var out = new ByteArrayOutputStream();
    APISERVER.relay("home", via, main.getMasterUrl().toString(), Apiserver.Call.get(path, Map.of()).accept(Apiserver.TABLE_ACCEPT),
        head -> out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = apiserver.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("request reached the apiserver").isNotNull();
    return r;
  }

  private static Config plain(int port) {
    // as ClientConfigs sets every cluster up: no retries, so a 5xx comes straight back
    return new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withRequestTimeout(500)
        .withRequestRetryBackoffLimit(0).build();
  }

  private static void acceptAndHold(ServerSocket server) {
    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream()); // reads the request, never answers
    } catch (IOException closed) {
      // the test closed the socket
    }
  }

  private static void answerThenBreakOff(ServerSocket server) {
    answerTheStartOfAList(server, false);
  }

  private static void answerThenGoQuiet(ServerSocket server) {
    answerTheStartOfAList(server, true);
  }

  /** Promises 100,000 bytes, sends ten, then closes the connection or ({@code holdOpen}) keeps it open sending nothing. */
  private static void answerTheStartOfAList(ServerSocket server, boolean holdOpen) {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      readHead(in);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"items\":[")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (holdOpen) {
        in.transferTo(OutputStream.nullOutputStream()); // until the relay gives up and closes it
      }
    } catch (IOException closed) {
      // the relay or the test closed the socket
    }
  }

  private static void answerInPieces(ServerSocket server, int pieces, Duration apart) {
    try (Socket s = server.accept()) {
      readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + pieces + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < pieces; i++) {
        Thread.sleep(apart); // the peer's pacing under test, not synchronization
        out.write('x');
        out.flush();
      }
    } catch (IOException | InterruptedException ended) {
      // the test is over
    }
  }

  /** A 500 whose chunked body never ends: the relay must stop reading on its own. */
  private static void answerErrorWithEndlessBody(ServerSocket server) {
    try (Socket s = server.accept()) {
      readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      while (true) {
        out.write(chunk);
      }
    } catch (IOException closed) {
      // the relay gave up reading and closed the connection
    }
  }

  /** Answers every request with a load balancer's sticky-session cookie, as an ALB in front of an apiserver may. */
  private static void answerWithStickyCookie(ServerSocket server, java.util.concurrent.BlockingQueue<String> heads) {
    try {
      while (true) {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> {
          try (s) {
            String head;
            while ((head = readHead(s.getInputStream())) != null) {
              heads.add(head);
              s.getOutputStream().write(("HTTP/1.1 200 OK\r\nSet-Cookie: AWSALB=sticky; Path=/\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 13\r\n\r\n{\"items\": []}").getBytes(StandardCharsets.US_ASCII));
              s.getOutputStream().flush();
            }
          } catch (IOException closed) {
            // the transport closed the connection
          }
        });
      }
    } catch (IOException closed) {
      // the test closed the server socket
    }
  }

  /** Reads a request head up to its blank line; its text, or null when the connection ended first. */
  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** A self-signed CA (openssl, CN unrelated-test-ca) that signed nothing the mock serves. */
  private static String unrelatedCa() throws IOException {
    try (InputStream in = JettyTransportTest.class.getResourceAsStream("/transport/unrelated-ca.pem")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
