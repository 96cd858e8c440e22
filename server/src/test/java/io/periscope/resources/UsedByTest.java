package io.periscope.resources;

import static io.periscope.resources.ResourceFixtures.asPerson;
import static io.periscope.resources.ResourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Used by" in a ConfigMap's, Secret's, PVC's or ServiceAccount's related objects: the workloads
 * and bare pods whose pod spec refers to it, found in lists read as the person.
 */
class UsedByTest {
  private static final String C = "/api/clusters/" + PeriscopeHarness.CLUSTER;
  private static PeriscopeHarness harness;
  private static TestBrowser alice;

  @BeforeAll
  static void start() {
    harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"));
    harness.apiserver.serveDiscovery();
    var admin = harness.apiserver.client();
    admin.configMaps().inNamespace("cfg").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build()).create();
    admin.secrets().inNamespace("cfg").resource(new SecretBuilder().withNewMetadata().withName("registry").endMetadata().build()).create();
    admin.serviceAccounts().inNamespace("cfg").resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
    admin.persistentVolumeClaims().inNamespace("cfg").resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-db-0")
        .endMetadata().build()).create();
    // web: the ConfigMap as a volume (one container mounts a file of it with subPath) and as envFrom; pulls with the secret.
    PodSpec web = new PodSpecBuilder().withServiceAccountName("web")
        .addNewVolume().withName("config").withNewConfigMap().withName("settings").endConfigMap().endVolume()
        .addNewImagePullSecret("registry")
        .addNewContainer().withName("app").withImage("web:1").addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
        .addNewVolumeMount().withName("config").withMountPath("/etc/web").endVolumeMount().endContainer()
        .addNewContainer().withName("proxy").withImage("envoy:1").addNewVolumeMount().withName("config").withMountPath("/etc/envoy.yaml")
        .withSubPath("envoy.yaml").endVolumeMount().endContainer().build();
    var deployment = admin.apps().deployments().inNamespace("cfg").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withNewTemplate().withSpec(web).endTemplate().endSpec().build()).create();
    // Its ReplicaSet has the same template: listed through the Deployment, not again.
    admin.apps().replicaSets().inNamespace("cfg").resource(new ReplicaSetBuilder().withNewMetadata().withName("web-5d8")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid(deployment.getMetadata().getUid())
        .withController(true).endOwnerReference().endMetadata().withNewSpec().withNewTemplate().withSpec(web).endTemplate().endSpec().build()).create();
    admin.batch().v1().cronjobs().inNamespace("cfg").resource(new CronJobBuilder().withNewMetadata().withName("nightly").endMetadata()
        .withNewSpec().withSchedule("0 2 * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("job").withImage("report:1").addNewEnv().withName("REPORT_BUCKET").withNewValueFrom().withNewConfigMapKeyRef()
        .withName("settings").withKey("bucket").endConfigMapKeyRef().endValueFrom().endEnv().endContainer()
        .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
    // A bare debugging pod: a projected volume with the ConfigMap, and no service account named (so: default).
    admin.pods().inNamespace("cfg").resource(new PodBuilder().withNewMetadata().withName("debug").endMetadata().withNewSpec()
        .addNewVolume().withName("all").withNewProjected().addNewSource().withNewConfigMap().withName("settings").endConfigMap().endSource()
        .endProjected().endVolume().addNewContainer().withName("sh").withImage("busybox").endContainer().endSpec().build()).create();
    admin.apps().statefulSets().inNamespace("cfg").resource(new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
        .withServiceName("db").addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().endVolumeClaimTemplate()
        .withNewTemplate().withNewSpec().withServiceAccountName("db").addNewContainer().withName("pg").withImage("postgres:16").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    admin.apps().deployments().inNamespace("cfg").resource(new DeploymentBuilder().withNewMetadata().withName("unrelated").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withServiceAccountName("unrelated").addNewContainer().withName("x").withImage("x:1")
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    alice = harness.browser();
    alice.login("alice", List.of("devs"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static Map<String, List<String>> usedBy(String kindPath, String name) throws Exception {
    var r = alice.get(C + "/resources/" + kindPath + "/cfg/" + name + "/related");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r.body());
    assertThat(body.get("problems")).isEmpty();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode use : body.get("usedBy")) {
      List<String> how = new java.util.ArrayList<>();
      use.get("how").forEach(h -> how.add(h.asText()));
      out.put(use.at("/object/kind").asText() + "/" + use.at("/object/name").asText(), how);
    }
    return out;
  }

  @Test
  void aConfigMapsUsersSayHowTheyReadItIncludingASubPathMountThatNeverUpdates() throws Exception {
    harness.apiserver.drainRequests();

    assertThat(usedBy("core/v1/configmaps", "settings")).containsExactly(
        Map.entry("Deployment/web", List.of("volume config", "subPath mount of volume config in proxy (never updated)", "envFrom in app")),
        Map.entry("CronJob/nightly", List.of("env REPORT_BUCKET in job")),
        Map.entry("Pod/debug", List.of("volume all")));
    // Every list as the person.
    List<RecordedRequest> calls = asPerson(harness.apiserver.drainRequests());
    assertThat(calls).extracting(RecordedRequest::getPath).contains("/apis/apps/v1/namespaces/cfg/deployments", "/api/v1/namespaces/cfg/pods",
        "/apis/batch/v1/namespaces/cfg/cronjobs");
    assertThat(calls).allSatisfy(c -> assertThat(c.getHeaders().headers("Impersonate-User")).containsExactly("alice"));
  }

  @Test
  void aSecretAsAnImagePullSecretAndAServiceAccountByNameOrAsTheDefault() throws Exception {
    assertThat(usedBy("core/v1/secrets", "registry")).containsExactly(Map.entry("Deployment/web", List.of("image pull secret")));
    // Neither the CronJob's template nor the debug pod names one: both run as the namespace's default.
    assertThat(usedBy("core/v1/serviceaccounts", "default")).containsExactly(Map.entry("CronJob/nightly", List.of("service account")),
        Map.entry("Pod/debug", List.of("service account")));
  }

  @Test
  void otherKindsHaveNoUsersToLookFor() throws Exception {
    JsonNode body = json(alice.get(C + "/resources/apps/v1/deployments/cfg/web/related").body());
    assertThat(body.get("usedBy")).isEmpty();
  }
}
