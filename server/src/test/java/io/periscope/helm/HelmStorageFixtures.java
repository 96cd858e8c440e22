package io.periscope.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes Helm 3 release storage objects exactly as Helm does, from helm/helm's source:
 * <ul>
 *   <li>{@code pkg/storage/driver/util.go} {@code encodeRelease}: {@code json.Marshal(release)} →
 *       gzip (best compression) → standard base64 string;
 *   <li>{@code pkg/storage/driver/secrets.go} {@code newSecretsObject}: Secret
 *       {@code sh.helm.release.v1.<name>.v<rev>}, type {@code helm.sh/release.v1}, labels
 *       {@code name, owner=helm, status, version}, {@code data.release} = the encoded string (which
 *       the API then carries base64-encoded once more);
 *   <li>{@code pkg/storage/driver/cfgmaps.go} {@code newConfigMapsObject}: the same name and labels,
 *       {@code data.release} = the encoded string.
 * </ul>
 * The JSON follows {@code pkg/release/release.go}, {@code info.go} and {@code pkg/chart/chart.go}
 * / {@code metadata.go} field names (snake_case {@code first_deployed}, {@code last_deployed}).
 */
final class HelmStorageFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmStorageFixtures() {}

  /** The fields of one revision that vary between tests. */
  record Rev(String name, String namespace, int version, String status, String chart, String chartVersion,
      String appVersion, Map<String, Object> chartValues, Map<String, Object> config, String manifest, String notes,
      List<Map<String, Object>> dependencies) {}

  static Map<String, Object> releaseJson(Rev r) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", r.chart());
    metadata.put("version", r.chartVersion());
    metadata.put("appVersion", r.appVersion());
    metadata.put("apiVersion", "v2");
    metadata.put("type", "application");
    if (!r.dependencies().isEmpty()) {
      metadata.put("dependencies", r.dependencies());
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("metadata", metadata);
    chart.put("lock", null);
    chart.put("templates", List.of(Map.of("name", "templates/deployment.yaml",
        "data", Base64.getEncoder().encodeToString("kind: Deployment".getBytes(StandardCharsets.UTF_8)))));
    chart.put("values", r.chartValues());
    chart.put("schema", null);
    chart.put("files", List.of());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("first_deployed", "2026-11-01T10:00:00.123456789+01:00");
    info.put("last_deployed", "2026-11-0" + Math.min(9, r.version()) + "T10:00:00.5Z");
    info.put("deleted", "");
    info.put("description", r.status().equals("failed") ? "Upgrade \"" + r.name() + "\" failed: timed out" : "Upgrade complete");
    info.put("status", r.status());
    info.put("notes", r.notes());
    Map<String, Object> rel = new LinkedHashMap<>();
    rel.put("name", r.name());
    rel.put("info", info);
    rel.put("chart", chart);
    rel.put("config", r.config());
    rel.put("manifest", r.manifest());
    rel.put("hooks", List.of());
    rel.put("version", r.version());
    rel.put("namespace", r.namespace());
    return rel;
  }

  /** Helm's {@code encodeRelease}. */
  static String encode(Map<String, Object> release) {
    try {
      return Base64.getEncoder().encodeToString(gzip(JSON.writeValueAsBytes(release)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] raw) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static void storeSecret(KubernetesClient client, String namespace, String name, int version, String status, String payload) {
    client.secrets().inNamespace(namespace).resource(new SecretBuilder()
        .withNewMetadata().withName(objectName(name, version)).withNamespace(namespace)
        .withLabels(labels(name, version, status)).endMetadata()
        .withType("helm.sh/release.v1")
        .withData(Map.of("release", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.ISO_8859_1))))
        .build()).create();
  }

  static void storeConfigMap(KubernetesClient client, String namespace, String name, int version, String status, String payload) {
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(objectName(name, version)).withNamespace(namespace)
        .withLabels(labels(name, version, status)).endMetadata()
        .withData(Map.of("release", payload))
        .build()).create();
  }

  static void storeSecret(KubernetesClient client, Rev r) {
    storeSecret(client, r.namespace(), r.name(), r.version(), r.status(), encode(releaseJson(r)));
  }

  static void storeConfigMap(KubernetesClient client, Rev r) {
    storeConfigMap(client, r.namespace(), r.name(), r.version(), r.status(), encode(releaseJson(r)));
  }

  private static String objectName(String name, int version) {
    return "sh.helm.release.v1." + name + ".v" + version;
  }

  private static Map<String, String> labels(String name, int version, String status) {
    return Map.of("name", name, "owner", "helm", "status", status, "version", Integer.toString(version));
  }
}
