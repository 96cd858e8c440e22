package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo cluster's triage peers through a real fabric8 client (as the console reaches them): the
 * eviction subresource honouring the seeded PodDisruptionBudget, and port-forward serving a page
 * on a pod's declared container port and "connection refused" on any other.
 */
class DemoTriageTest {
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.systemUTC());
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private static String podOf(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", app).list().getItems().getFirst().getMetadata().getName();
  }

  @Test
  void evictionIsRefusedWhereTheBudgetAllowsNoDisruptionAndDeletesElsewhere() {
    String guarded = podOf("payments", "payments-api");
    String free = podOf("payments", "ledger-worker");

    assertThat(client.pods().inNamespace("payments").withName(guarded).evict()).as("fabric8 answers false for a 429").isFalse();
    assertThat(client.pods().inNamespace("payments").withName(guarded).get()).isNotNull();
    assertThat(client.pods().inNamespace("payments").withName(free).evict()).isTrue();
    assertThat(client.pods().inNamespace("payments").withName(free).get()).isNull();
  }

  @Test
  void theRefusalCarriesTheApiserversMessageAndTheBudget() throws Exception {
    String guarded = podOf("payments", "payments-api");
    var http = client.getHttpClient();
    String eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + guarded
        + "\",\"namespace\":\"payments\"}}";
    var response = http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl() + "api/v1/namespaces/payments/pods/" + guarded
        + "/eviction").post("application/json", eviction).build(), String.class).get();

    assertThat(response.code()).isEqualTo(429);
    var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    assertThat(status.get("message").asText()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(status.at("/details/causes/0/message").asText()).isEqualTo("The disruption budget payments-api needs 3 healthy pods and has 3 currently");
  }

  @Test
  void portForwardServesAPageOnTheDeclaredPortOnly() throws Exception {
    String grafana = podOf("monitoring", "grafana");
    String answer = exchange(grafana, 3000, "GET /dashboards?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Hello from " + grafana).contains("path <code>/dashboards?x=1</code>");

    String refused = exchange(grafana, 9999, "GET / HTTP/1.1\r\n\r\n");
    assertThat(refused).isEmpty();
  }

  private static String exchange(String pod, int port, String request) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PortForward pf = client.pods().inNamespace("monitoring").withName(pod).portForward(port,
        Channels.newChannel(new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1))), Channels.newChannel(out))) {
      // The forward ends when the pod side closes the connection, as a kubelet's does.
      await().atMost(Duration.ofSeconds(10)).until(() -> !pf.isAlive());
      if (port != 3000) {
        assertThat(pf.getServerThrowables()).anySatisfy(t -> assertThat(t.getMessage()).contains("connection refused"));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
