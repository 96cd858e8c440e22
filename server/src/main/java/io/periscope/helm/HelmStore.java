package io.periscope.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists Helm storage objects through a (person-impersonating) client: Secrets of type
 * {@code helm.sh/release.v1} and ConfigMaps, both labelled {@code owner=helm}, as helm/helm
 * {@code pkg/storage/driver/secrets.go} and {@code cfgmaps.go} write them. A 403 on one kind is
 * reported, not thrown, so the caller can decide what the person may still see.
 */
public final class HelmStore {
  static final String SECRET_TYPE = "helm.sh/release.v1";
  private static final Pattern OBJECT_NAME = Pattern.compile("sh\\.helm\\.release\\.v1\\.(.+)\\.v(\\d+)");

  private HelmStore() {}

  /** Storage objects found, and per storage kind the apiserver's 403 when listing it was forbidden. */
  public record Listing(List<StoredRelease> objects, Map<StorageDriver, KubernetesClientException> forbidden) {}

  /**
   * @param namespace empty for all namespaces
   * @param release empty for every release, else only that release's revisions
   */
  public static Listing list(KubernetesClient client, Optional<String> namespace, Optional<String> release) {
    List<StoredRelease> out = new ArrayList<>();
    Map<StorageDriver, KubernetesClientException> forbidden = new EnumMap<>(StorageDriver.class);
    Map<String, String> labels = release.map(r -> Map.of("owner", "helm", "name", r)).orElse(Map.of("owner", "helm"));
    try {
      var secrets = namespace.isPresent() ? client.secrets().inNamespace(namespace.get()) : client.secrets().inAnyNamespace();
      for (Secret s : secrets.withLabels(labels).list().getItems()) {
        if (s.getType() == null || SECRET_TYPE.equals(s.getType())) {
          String data = s.getData() == null ? null : s.getData().get("release");
          out.add(stored(StorageDriver.SECRET, s.getMetadata(), unwrapSecretData(data)));
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      forbidden.put(StorageDriver.SECRET, e);
    }
    try {
      var maps = namespace.isPresent() ? client.configMaps().inNamespace(namespace.get()) : client.configMaps().inAnyNamespace();
      for (ConfigMap c : maps.withLabels(labels).list().getItems()) {
        String data = c.getData() == null ? null : c.getData().get("release");
        out.add(stored(StorageDriver.CONFIGMAP, c.getMetadata(), data == null ? "" : data));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      forbidden.put(StorageDriver.CONFIGMAP, e);
    }
    return new Listing(out, forbidden);
  }

  /**
   * The API returns a Secret's bytes base64-encoded; Helm's own payload inside is base64 again. A
   * value that is not base64 at the API layer is passed on as is so the decoder reports it.
   */
  private static String unwrapSecretData(String apiBase64) {
    if (apiBase64 == null) {
      return "";
    }
    try {
      return new String(Base64.getDecoder().decode(apiBase64), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return apiBase64;
    }
  }

  private static StoredRelease stored(StorageDriver driver, ObjectMeta meta, String payload) {
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    Matcher m = OBJECT_NAME.matcher(meta.getName());
    boolean named = m.matches();
    String name = labels.getOrDefault("name", named ? m.group(1) : meta.getName());
    int revision = parseRevision(labels.get("version"), named ? m.group(2) : null);
    return new StoredRelease(driver, meta.getNamespace(), meta.getName(), name, revision,
        labels.getOrDefault("status", "unknown"), payload);
  }

  private static int parseRevision(String label, String fromName) {
    for (String candidate : new String[] {label, fromName}) {
      if (candidate != null) {
        try {
          return Integer.parseInt(candidate);
        } catch (NumberFormatException ignored) {
          // try the next source
        }
      }
    }
    return 0;
  }
}
