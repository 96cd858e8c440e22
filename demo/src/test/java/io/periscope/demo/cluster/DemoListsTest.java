package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo apiserver answers {@code as=Table} lists and pages as a real apiserver does, over the
 * wire (a fabric8 client's HTTP, the Accept header the console sends). The clock is fixed, so ages
 * and "restarted … ago" are exact.
 */
class DemoListsTest {
  private static final String TABLE = "application/json;as=Table;g=meta.k8s.io;v=v1, application/json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
  private static DemoCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = DemoCluster.start(DemoEstate.production(), Clock.fixed(NOW, ZoneOffset.UTC));
    client = DemoClusterClients.of(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    var http = client.getHttpClient();
    return http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl() + path.substring(1)).header("Accept", accept).build(),
        String.class).get();
  }

  private static JsonNode table(String path) throws Exception {
    HttpResponse<String> r = get(path, TABLE);
    assertThat(r.code()).as("%s: %s", path, r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json;as=Table;v=v1;g=meta.k8s.io");
    JsonNode t = JSON.readTree(r.body());
    assertThat(t.path("kind").asText()).isEqualTo("Table");
    assertThat(t.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    return t;
  }

  private static List<String> columns(JsonNode table) {
    List<String> out = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> out.add(c.path("name").asText() + (c.path("priority").asInt() > 0 ? "*" : "")));
    return out;
  }

  /** The row whose object is named {@code name} (or whose name starts with it), as column name → cell. */
  private static Map<String, JsonNode> row(JsonNode table, String namePrefix) {
    for (JsonNode r : table.path("rows")) {
      if (r.at("/object/metadata/name").asText().startsWith(namePrefix)) {
        Map<String, JsonNode> cells = new java.util.LinkedHashMap<>();
        for (int i = 0; i < table.path("columnDefinitions").size(); i++) {
          cells.put(table.path("columnDefinitions").get(i).path("name").asText(), r.path("cells").get(i));
        }
        return cells;
      }
    }
    throw new AssertionError("no row " + namePrefix + " in " + table);
  }

  @Test
  void podsHaveKubectlsColumnsWithWideOnesAtPriorityOne() throws Exception {
    JsonNode pods = table("/api/v1/namespaces/payments/pods");
    assertThat(columns(pods)).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*", "Nominated Node*", "Readiness Gates*");
    JsonNode list = JSON.readTree(get("/api/v1/namespaces/payments/pods", "application/json").body());
    assertThat(pods.path("rows")).hasSize(list.path("items").size()).isNotEmpty();

    // ledger-worker's last replica crash-loops: 17 restarts, the last one 318 s before the seed.
    Map<String, JsonNode> crashing = null;
    for (JsonNode r : pods.path("rows")) {
      if (r.path("cells").get(2).asText().equals("CrashLoopBackOff")) {
        crashing = row(pods, r.at("/object/metadata/name").asText());
      }
    }
    assertThat(crashing).as("a crash-looping pod").isNotNull();
    assertThat(crashing.get("Name").asText()).startsWith("ledger-worker-");
    assertThat(crashing.get("Ready").asText()).isEqualTo("0/1");
    assertThat(crashing.get("Restarts").asText()).isEqualTo("17 (5m18s ago)");
    assertThat(crashing.get("Node").asText()).startsWith("ip-10-0-");

    Map<String, JsonNode> healthy = row(pods, "payments-api-");
    assertThat(healthy.get("Ready").asText()).isEqualTo("1/1");
    assertThat(healthy.get("Status").asText()).isEqualTo("Running");
    assertThat(healthy.get("Restarts").asText()).isEqualTo("0");
    // the age is checked against the row's own metadata: the seed's creation time for this pod
    JsonNode healthyRow = null;
    for (JsonNode r : pods.path("rows")) {
      if (healthyRow == null && r.at("/object/metadata/name").asText().startsWith("payments-api-")) {
        healthyRow = r; // the row row() read: pods of one app are created 37 s apart
      }
    }
    Instant created = Instant.parse(healthyRow.at("/object/metadata/creationTimestamp").asText());
    assertThat(healthy.get("Age").asText()).isEqualTo(KubectlPrinters.humanDuration(Duration.between(created, NOW)));
  }

  @Test
  void seededObjectsKeepTheCreationTimeTheSeedGaveThemNotTheTimeOfSeeding() throws Exception {
    // fabric8's store stamps every POST with the wall clock: without the seed's own times, nodes
    // seeded 14 days before the clock's now showed an Age of seconds
    var nodes = client.nodes().list().getItems();
    assertThat(nodes).isNotEmpty().allSatisfy(n ->
        assertThat(Instant.parse(n.getMetadata().getCreationTimestamp())).isEqualTo(NOW.minus(Duration.ofDays(14))));
    assertThat(row(table("/api/v1/nodes"), "ip-10-0-1-11").get("Age").asText()).isEqualTo("14d");
    assertThat(Instant.parse(client.namespaces().withName("default").get().getMetadata().getCreationTimestamp()))
        .isEqualTo(NOW.minus(Duration.ofDays(90)));
  }

  @Test
  void cellsAreComputedFromTheObjectAtTheClocksNow() throws Exception {
    JsonNode pod = JSON.readTree("""
        {"metadata": {"name": "web-0", "creationTimestamp": "%s"},
         "spec": {"containers": [{"name": "a"}, {"name": "b"}], "initContainers": [{"name": "init"}]},
         "status": {"phase": "Pending", "initContainerStatuses": [{"state": {"waiting": {"reason": "PodInitializing"}}}]}}
        """.formatted(NOW.minus(Duration.ofHours(3 * 24 + 4))));
    Map<String, Object> cells = new java.util.LinkedHashMap<>();
    KubectlPrinters.columns("", "pods").forEach(c -> cells.put(c.name(), c.cell().apply(pod, NOW)));
    assertThat(cells).containsEntry("Name", "web-0").containsEntry("Ready", "0/2").containsEntry("Status", "Init:0/1")
        .containsEntry("Restarts", "0").containsEntry("Age", "3d4h").containsEntry("IP", "<none>").containsEntry("Node", "<none>");
  }

  @Test
  void rowsCarryPartialObjectMetadataByDefaultAndTheObjectOrNothingWhenAsked() throws Exception {
    JsonNode metadataOnly = table("/api/v1/namespaces/payments/pods").path("rows").get(0).path("object");
    assertThat(metadataOnly.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(metadataOnly.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(metadataOnly.at("/metadata/namespace").asText()).isEqualTo("payments");
    assertThat(metadataOnly.at("/metadata/uid").asText()).isNotEmpty();
    assertThat(metadataOnly.has("spec")).isFalse();

    JsonNode full = table("/api/v1/namespaces/payments/pods?includeObject=Object").path("rows").get(0).path("object");
    assertThat(full.path("kind").asText()).isEqualTo("Pod");
    assertThat(full.at("/spec/containers")).isNotEmpty();

    assertThat(table("/api/v1/namespaces/payments/pods?includeObject=None").path("rows").get(0).path("object").isNull()).isTrue();

    HttpResponse<String> bad = get("/api/v1/namespaces/payments/pods?includeObject=Everything", TABLE);
    assertThat(bad.code()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("includeObject");
  }

  @Test
  void workloadsNodesServicesAndEventsUseTheirPrinters() throws Exception {
    JsonNode deployments = table("/apis/apps/v1/namespaces/payments/deployments");
    assertThat(columns(deployments)).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers*", "Images*", "Selector*");
    Map<String, JsonNode> ledger = row(deployments, "ledger-worker");
    assertThat(ledger.get("Ready").asText()).isEqualTo("1/2");
    assertThat(ledger.get("Up-to-date").asLong()).isEqualTo(2);
    assertThat(ledger.get("Available").asLong()).isEqualTo(1);
    assertThat(ledger.get("Selector").asText()).isEqualTo("app.kubernetes.io/name=ledger-worker");

    JsonNode nodes = table("/api/v1/nodes");
    assertThat(columns(nodes)).startsWith("Name", "Status", "Roles", "Age", "Version", "Internal-IP*");
    assertThat(row(nodes, "ip-10-0-3-13").get("Status").asText()).isEqualTo("NotReady");
    assertThat(row(nodes, "ip-10-0-1-11").get("Status").asText()).isEqualTo("Ready");
    assertThat(row(nodes, "ip-10-0-1-11").get("Internal-IP").asText()).isEqualTo("10.0.1.11");
    assertThat(row(nodes, "ip-10-0-1-11").get("Version").asText()).isEqualTo("v1.31.4-eks-aeac579");

    Map<String, JsonNode> service = row(table("/api/v1/namespaces/payments/services"), "payments-api");
    assertThat(service.get("Type").asText()).isEqualTo("ClusterIP");
    assertThat(service.get("External-IP").asText()).isEqualTo("<none>");
    assertThat(service.get("Port(s)").asText()).isEqualTo("80/TCP");

    JsonNode events = table("/api/v1/events");
    assertThat(columns(events)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*", "Message", "First Seen*",
        "Count*", "Name*");
    assertThat(events.path("rows")).anySatisfy(r -> assertThat(r.path("cells").get(3).asText()).startsWith("pod/"));

    assertThat(columns(table("/api/v1/namespaces/payments/configmaps"))).containsExactly("Name", "Data", "Age");
    assertThat(columns(table("/api/v1/namespaces")).subList(0, 2)).containsExactly("Name", "Status");
  }

  @Test
  void autoscalersDisruptionBudgetsAndQuotasPrintAsKubectlDoes() throws Exception {
    JsonNode hpas = table("/apis/autoscaling/v2/horizontalpodautoscalers?includeObject=Object");

    assertThat(columns(hpas)).containsExactly("Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age");
    var payments = row(hpas, "payments-api");
    assertThat(payments.get("Reference").asText()).isEqualTo("Deployment/payments-api");
    assertThat(payments.get("Targets").asText()).isEqualTo("cpu: 62%/70%");
    assertThat(payments.get("MinPods").asText()).isEqualTo("3");
    assertThat(payments.get("MaxPods").asLong()).isEqualTo(10);
    assertThat(payments.get("Age").asText()).isEqualTo("20d");
    var checkout = row(hpas, "checkout-web");
    assertThat(checkout.get("Targets").asText()).isEqualTo("cpu: 94%/60%");
    assertThat(checkout.get("Replicas").asLong()).isEqualTo(2);
    assertThat(hpas.path("rows").get(0).at("/object/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");

    JsonNode budgets = table("/apis/policy/v1/poddisruptionbudgets");
    assertThat(columns(budgets)).containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
    var budget = row(budgets, "payments-api");
    assertThat(budget.get("Min Available").asText()).isEqualTo("3");
    assertThat(budget.get("Max Unavailable").asText()).isEqualTo("N/A");
    assertThat(budget.get("Allowed Disruptions").asLong()).isEqualTo(0);

    JsonNode quotas = table("/api/v1/resourcequotas?includeObject=Object");
    assertThat(columns(quotas)).containsExactly("Name", "Age", "Request", "Limit");
    var compute = row(quotas, "compute");
    assertThat(compute.get("Request").asText()).isEqualTo("pods: 19/20, requests.cpu: 3800m/4, requests.memory: 6Gi/8Gi");
    assertThat(compute.get("Limit").asText()).isEqualTo("limits.memory: 12Gi/16Gi");
    assertThat(quotas.path("rows").get(0).at("/object/status/used/pods").asText()).isEqualTo("19");
  }

  @Test
  void eachAppsServiceHasTheEndpointSliceItsControllerWouldKeep_withItsCrashingPodNotReadyAndItsPendingPodAbsent() throws Exception {
    JsonNode slices = table("/apis/discovery.k8s.io/v1/namespaces/payments/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dledger-worker"
        + "&includeObject=Object");
    assertThat(columns(slices)).containsExactly("Name", "AddressType", "Ports", "Endpoints", "Age");
    assertThat(slices.path("rows")).hasSize(1);
    var ledger = row(slices, "ledger-worker-");
    assertThat(ledger.get("AddressType").asText()).isEqualTo("IPv4");
    assertThat(ledger.get("Ports").asText()).isEqualTo("8080");
    assertThat(ledger.get("Endpoints").asText()).matches("10\\.[0-9.]+,10\\.[0-9.]+");
    List<Boolean> ready = new ArrayList<>();
    slices.path("rows").get(0).at("/object/endpoints").forEach(e -> ready.add(e.at("/conditions/ready").asBoolean()));
    assertThat(ready).containsExactly(true, false); // the second replica crash-loops

    JsonNode cart = table("/apis/discovery.k8s.io/v1/namespaces/checkout/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dcart-service"
        + "&includeObject=Object");
    assertThat(cart.path("rows").get(0).at("/object/endpoints")).hasSize(1); // its pending pod has no IP yet
  }

  @Test
  void customResourcesUseTheirPrinterColumnsAndKindsWithoutPrintersNameAndCreatedAt() throws Exception {
    JsonNode certificates = table("/apis/cert-manager.io/v1/namespaces/monitoring/certificates");
    assertThat(columns(certificates)).containsExactly("Name", "Ready", "Secret", "Issuer*", "Status*", "Age");
    assertThat(row(certificates, "grafana").get("Ready").asText()).isEqualTo("False");
    assertThat(row(certificates, "grafana").get("Secret").asText()).isEqualTo("grafana-tls");
    assertThat(row(certificates, "grafana").get("Issuer").asText()).isEqualTo("letsencrypt-prod");
    assertThat(row(certificates, "grafana").get("Status").asText()).startsWith("The certificate request has failed");
    assertThat(row(certificates, "grafana").get("Age").asText()).isEqualTo("60d");

    JsonNode claims = table("/apis/karpenter.sh/v1/nodeclaims");
    assertThat(columns(claims)).startsWith("Name", "Type", "Capacity", "Zone", "Node");
    assertThat(claims.path("rows")).isNotEmpty().allSatisfy(r -> assertThat(r.path("cells").get(1).asText()).isEqualTo("m6i.xlarge"));

    JsonNode roles = table("/apis/rbac.authorization.k8s.io/v1/clusterroles");
    assertThat(columns(roles)).containsExactly("Name", "Created At");
    assertThat(roles.path("columnDefinitions").get(1).path("type").asText()).isEqualTo("date");
  }

  @Test
  void pagesFollowKeyOrderAndTheContinueTokenUntilTheLastPage() throws Exception {
    List<String> all = new ArrayList<>();
    JSON.readTree(get("/api/v1/pods", "application/json").body()).path("items")
        .forEach(i -> all.add(i.at("/metadata/namespace").asText() + "/" + i.at("/metadata/name").asText()));
    assertThat(all).hasSizeGreaterThan(10);

    List<String> paged = new ArrayList<>();
    List<Integer> remaining = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page = table("/api/v1/pods?limit=4" + (token.isEmpty() ? "" : "&continue=" + token));
      assertThat(page.path("rows").size()).isLessThanOrEqualTo(4);
      page.path("rows").forEach(r -> paged.add(r.at("/object/metadata/namespace").asText() + "/" + r.at("/object/metadata/name").asText()));
      token = page.at("/metadata/continue").asText("");
      if (!token.isEmpty()) {
        remaining.add(page.at("/metadata/remainingItemCount").asInt());
      }
      pages++;
    } while (!token.isEmpty() && pages < 100);

    assertThat(paged).containsExactlyElementsOf(all.stream().sorted().toList());
    assertThat(pages).isEqualTo((all.size() + 3) / 4);
    assertThat(remaining.getFirst()).isEqualTo(all.size() - 4);

    HttpResponse<String> bad = get("/api/v1/pods?limit=4&continue=not-a-token", TABLE);
    assertThat(bad.code()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("message").asText()).startsWith("continue key is not valid");
  }

  @Test
  void aPlainAcceptStillGetsAListAndWatchesAndObjectsAreUntouched() throws Exception {
    HttpResponse<String> list = get("/api/v1/namespaces/payments/pods", "application/json");
    assertThat(JSON.readTree(list.body()).path("kind").asText()).isNotEqualTo("Table");
    assertThat(JSON.readTree(list.body()).path("items")).isNotEmpty();
    HttpResponse<String> paged = get("/api/v1/namespaces/payments/pods?limit=2", "application/json");
    JsonNode page = JSON.readTree(paged.body());
    assertThat(page.has("rows")).isFalse();
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.at("/metadata/continue").asText()).isNotEmpty();

    String name = JSON.readTree(list.body()).at("/items/0/metadata/name").asText();
    JsonNode one = JSON.readTree(get("/api/v1/namespaces/payments/pods/" + name, TABLE).body());
    assertThat(one.path("kind").asText()).isEqualTo("Pod");
  }

  @Test
  void otherRequestsAreStillAnsweredAfterTables() throws Exception {
    for (String path : List.of("/apis/karpenter.sh/v1/nodeclaims", "/apis/karpenter.sh/v1/nodepools", "/api/v1/pods?limit=500",
        "/api/v1/pods?fieldSelector=status.phase%3DPending&limit=500", "/api/v1/events?fieldSelector=reason%3DFailedScheduling")) {
      assertThat(get(path, TABLE).code()).as(path).isEqualTo(200);
    }
    var http = client.getHttpClient();
    var metrics = http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl() + KarpenterDemo.METRICS_PROXY_PATH.substring(1))
        .header("Accept", "text/plain").build(), String.class).get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(metrics.code()).isEqualTo(200);
  }

  @Test
  void agesReadAsKubectlPrintsThem() {
    assertThat(KubectlPrinters.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(KubectlPrinters.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(KubectlPrinters.humanDuration(Duration.ofSeconds(318))).isEqualTo("5m18s");
    assertThat(KubectlPrinters.humanDuration(Duration.ofMinutes(9))).isEqualTo("9m");
    assertThat(KubectlPrinters.humanDuration(Duration.ofMinutes(179))).isEqualTo("179m");
    assertThat(KubectlPrinters.humanDuration(Duration.ofMinutes(5 * 60 + 20))).isEqualTo("5h20m");
    assertThat(KubectlPrinters.humanDuration(Duration.ofHours(47))).isEqualTo("47h");
    assertThat(KubectlPrinters.humanDuration(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
    assertThat(KubectlPrinters.humanDuration(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(KubectlPrinters.humanDuration(Duration.ofDays(365 * 2 + 10))).isEqualTo("2y10d");
    assertThat(KubectlPrinters.humanDuration(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }
}
