package io.periscope.demo.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A Helm 3 release stored the way Helm's Secrets driver stores it (type {@code helm.sh/release.v1},
 * {@code data.release} = base64 of gzip of the release JSON), so the console's Helm browser has a
 * real encoding to decode in the demo.
 */
final class HelmReleaseSecret {
  private HelmReleaseSecret() {}

  /**
   * One revision of {@code chart}'s release; {@code status} is Helm's: {@code deployed} for the
   * latest revision, {@code superseded} for older ones, {@code failed} for an upgrade that did not finish.
   */
  static Secret of(DemoEstate.HelmChart chart, int revision, Instant deployed, String status, String manifest) {
    return of(chart, revision, deployed, status, revision == 1 ? "Install complete" : "Upgrade complete", manifest);
  }

  /** One revision with Helm's own description of how it went (a failed upgrade says why). */
  static Secret of(DemoEstate.HelmChart chart, int revision, Instant deployed, String status, String description, String manifest) {
    String release = chart.release();
    String namespace = chart.namespace();
    String json = """
        {"name":"%s","namespace":"%s","version":%d,
         "info":{"first_deployed":"%s","last_deployed":"%s","deleted":"","description":"%s",
                 "status":"%s","notes":"%s is running. Check it with kubectl get pods -l app.kubernetes.io/instance=%s."},
         "chart":{"metadata":{"name":"%s","version":"%s","appVersion":"%s","apiVersion":"v2",
                  "description":"%s"},
                  "values":{"replicas":1,"persistence":{"enabled":false}}},
         "config":{"adminUser":"admin","ingress":{"enabled":false},"image":{"tag":"%s"}},
         "manifest":""}
        """.formatted(release, namespace, revision, deployed.minusSeconds(86_400 * 30), deployed,
        description.replace("\"", "\\\""), status, release, release,
        chart.chart(), chart.version(), chart.appVersion(), chart.description(), chart.appVersion());
    json = withManifest(json, manifest);
    // Helm base64-encodes the gzip itself; Kubernetes then base64-encodes Secret data once more.
    String helmEncoded = Base64.getEncoder().encodeToString(gzip(json));
    return new SecretBuilder()
        .withMetadata(Workloads.meta(namespace, "sh.helm.release.v1." + release + ".v" + revision,
            Map.of("owner", "helm", "name", release, "status", status, "version", Integer.toString(revision)), deployed))
        .withType("helm.sh/release.v1")
        .withData(Map.of("release", Base64.getEncoder().encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  private static String withManifest(String json, String manifest) {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      var release = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
      release.put("manifest", manifest);
      return mapper.writeValueAsString(release);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the demo release JSON", e);
    }
  }

  private static byte[] gzip(String text) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
