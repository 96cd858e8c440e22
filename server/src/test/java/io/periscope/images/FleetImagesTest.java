package io.periscope.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/fleet/images}: four clusters at once, each cluster's pods read as the person: two
 * running images, one whose pods the person may not list, one that is not there.
 */
class FleetImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RBAC = "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
  private static final String OLD = "sha256:" + "1".repeat(64);
  private static final String NEW = "sha256:" + "2".repeat(64);
  private static final String API = "sha256:" + "3".repeat(64);

  private final MockApiServer east = new MockApiServer();
  private final MockApiServer locked = new MockApiServer();
  private KubernetesClient dead;
  private PeriscopeHarness harness;

  @AfterEach
  void stop() {
    harness.close();
    dead.close();
    east.close();
    locked.close();
  }

  /** A pod of a Deployment's ReplicaSet, or of none ({@code replicaSet} null), with one container and the kubelet's status. */
  private static Pod pod(String namespace, String name, String replicaSet, String image, String imageId, String waiting) {
    var b = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec();
    if (replicaSet != null) {
      b.editMetadata().addToLabels("pod-template-hash", replicaSet.substring(replicaSet.lastIndexOf('-') + 1))
          .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet).withController(true)
          .withUid("u-" + replicaSet).endOwnerReference().endMetadata();
    }
    var status = new ContainerStatusBuilder().withName("app").withImage(image).withImageID(imageId == null ? "" : imageId);
    if (waiting != null) {
      status.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState();
    }
    return b.withNewStatus().withPhase("Running").withContainerStatuses(status.build()).endStatus().build();
  }

  private static void create(KubernetesClient k, Pod pod) {
    Pod created = k.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    created.setStatus(pod.getStatus());
    k.pods().inNamespace(pod.getMetadata().getNamespace()).resource(created).updateStatus();
  }

  private void start() throws Exception {
    dead = MockApiServer.unreachableClient();
    locked.answer("GET", "/api/v1/pods", request -> MockApiServer.forbidden(RBAC));
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw", "clusters.requestTimeout", "2s"),
        Map.of("east", east.client(), "locked", locked.client(), "dead", dead));
    var test = harness.apiserver.client();
    // The tag was pushed again between the two pulls: two builds of nginx:1.27 behind one Deployment.
    create(test, pod("shop", "web-7d4b9-aaaaa", "web-7d4b9", "nginx:1.27", "docker-pullable://nginx@" + OLD, null));
    create(test, pod("shop", "web-7d4b9-bbbbb", "web-7d4b9", "docker.io/library/nginx:1.27", "docker.io/library/nginx@" + NEW, null));
    create(test, pod("shop", "api-5f6c7-ccccc", "api-5f6c7", "ghcr.io/example/api:2.1.0", "ghcr.io/example/api@" + API, null));
    create(east.client(), pod("edge", "proxy", null, "nginx:1.27", "docker.io/library/nginx@" + NEW, null));
    create(east.client(), pod("edge", "debug", null, "busybox", "", "ImagePullBackOff"));
  }

  private static Map<String, JsonNode> byReference(JsonNode body) {
    Map<String, JsonNode> out = new HashMap<>();
    body.get("images").forEach(i -> out.put(i.get("reference").asText(), i));
    return out;
  }

  @Test
  void everyClustersImagesWithTheBuildsPulledAndWhereTheyRun() throws Exception {
    start();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    harness.apiserver.drainRequests();
    east.drainRequests();

    HttpResponse<String> r = alice.get("/api/fleet/images");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    List<String> references = new ArrayList<>();
    body.get("images").forEach(i -> references.add(i.get("reference").asText()));
    assertThat(references).as("by the name as typed (busybox, ghcr.io/…, nginx), one entry however a spec spells it").containsExactly(
        "docker.io/library/busybox:latest", "ghcr.io/example/api:2.1.0", "docker.io/library/nginx:1.27");
    assertThat(body.get("matched").asInt()).isEqualTo(3);
    assertThat(body.get("pods").asInt()).as("each pod once").isEqualTo(5);
    assertThat(body.get("truncated").asBoolean()).isFalse();

    JsonNode nginx = byReference(body).get("docker.io/library/nginx:1.27");
    assertThat(nginx.get("pods").asInt()).isEqualTo(3);
    assertThat(nginx.get("written").toString()).isEqualTo("[\"docker.io/library/nginx:1.27\",\"nginx:1.27\"]");
    List<String> builds = new ArrayList<>();
    nginx.get("digests").forEach(d -> builds.add(d.get("digest").asText() + " " + d.get("pods").asInt() + " " + d.get("cves")));
    assertThat(builds).as("most pods first; no CVE chip where Inspector is off").containsExactly(NEW + " 2 null", OLD + " 1 null");
    assertThat(nginx.get("latestTag").asBoolean()).isFalse();
    List<String> places = new ArrayList<>();
    nginx.get("places").forEach(p -> p.get("workloads").forEach(w -> places.add(p.get("cluster").asText() + " " + p.get("pods").asInt()
        + " " + w.get("namespace").asText() + "/" + w.get("kind").asText() + "/" + w.get("name").asText() + " " + w.get("pods").asInt()
        + " " + w.get("containers"))));
    assertThat(places).as("in the registry's order; a ReplicaSet's pods named by their Deployment").containsExactly(
        "east 1 edge/Pod/proxy 1 [\"app\"]", PeriscopeHarness.CLUSTER + " 2 shop/Deployment/web 2 [\"app\"]");

    JsonNode busybox = byReference(body).get("docker.io/library/busybox:latest");
    assertThat(busybox.get("latestTag").asBoolean()).isTrue();
    assertThat(busybox.get("pullFailing").asInt()).isEqualTo(1);
    assertThat(busybox.get("digests").size()).as("nothing pulled yet").isZero();
    assertThat(busybox.at("/places/0/workloads/0/pullFailing").asInt()).isEqualTo(1);

    Map<String, JsonNode> parts = new HashMap<>();
    body.get("clusters").forEach(p -> parts.put(p.get("cluster").asText(), p));
    assertThat(parts.get(PeriscopeHarness.CLUSTER).get("status").asText()).isEqualTo("ok");
    assertThat(parts.get(PeriscopeHarness.CLUSTER).get("pods").asInt()).isEqualTo(3);
    assertThat(parts.get("east").get("pods").asInt()).isEqualTo(2);
    assertThat(parts.get("locked").get("status").asText()).isEqualTo("forbidden");
    assertThat(parts.get("locked").get("message").asText()).contains(RBAC);
    assertThat(parts.get("dead").get("status").asText()).isEqualTo("failed");
    assertThat(parts.get("dead").get("message").asText()).contains("apiserver unreachable");
    assertThat(body.get("partial").asBoolean()).isTrue();

    for (MockApiServer server : List.of(harness.apiserver, east)) {
      var lists = server.drainRequests().stream().filter(q -> q.getPath().startsWith("/api/v1/pods")).toList();
      assertThat(lists).as("every pod, from the watch cache, as alice").singleElement().satisfies(q -> {
        assertThat(q.getPath()).isEqualTo("/api/v1/pods?resourceVersion=0");
        assertThat(q.getHeaders().headers("Impersonate-User")).containsExactly("alice");
        assertThat(q.getHeaders().headers("Impersonate-Group")).containsExactly("periscope:devs");
      });
    }
  }

  @Test
  void aQueryMatchesAReferenceHoweverWrittenOrTheDigestABuildRuns() throws Exception {
    start();
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));

    JsonNode byDigest = JSON.readTree(alice.get("/api/fleet/images?q=" + OLD.substring(0, 20)).body());
    assertThat(byReference(byDigest).keySet()).containsExactly("docker.io/library/nginx:1.27");
    assertThat(byReference(byDigest).get("docker.io/library/nginx:1.27").get("pods").asInt())
        .as("only the containers that matched").isEqualTo(1);
    assertThat(byDigest.get("pods").asInt()).isEqualTo(1);

    JsonNode canonical = JSON.readTree(alice.get("/api/fleet/images?q=" + URLEncoder.encode("LIBRARY/BUSYBOX:latest", StandardCharsets.UTF_8)).body());
    assertThat(byReference(canonical).keySet()).as("written busybox, found by its full name in any case")
        .containsExactly("docker.io/library/busybox:latest");

    harness.apiserver.drainRequests();
    JsonNode oneCluster = JSON.readTree(alice.get("/api/fleet/images?cluster=east").body());
    assertThat(oneCluster.get("clusters")).extracting(p -> p.get("cluster").asText()).containsExactly("east");
    assertThat(oneCluster.get("partial").asBoolean()).isFalse();
    assertThat(byReference(oneCluster).keySet()).containsExactlyInAnyOrder("docker.io/library/busybox:latest", "docker.io/library/nginx:1.27");
    assertThat(harness.apiserver.drainRequests()).as("the other clusters not asked").noneMatch(q -> q.getPath().startsWith("/api/v1/pods"));

    assertThat(alice.get("/api/fleet/images?cluster=nowhere").statusCode()).isEqualTo(404);
    HttpResponse<String> tooLong = alice.get("/api/fleet/images?q=" + "a".repeat(300));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).get("message").asText()).contains("q is longer than 256");
    assertThat(harness.apiserver.drainRequests()).as("refused before any apiserver call").noneMatch(q -> q.getPath().startsWith("/api/v1/pods"));
  }
}
