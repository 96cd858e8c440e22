package io.periscope.karpenter;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.k8s.Apiserver;
import io.periscope.problem.KubernetesErrors;
import java.util.List;
import java.util.Map;

/**
 * Scrapes the Karpenter controller's {@code /metrics} through the apiserver's service proxy with the
 * person's client, so the apiserver decides whether this person may read it ({@code get} on
 * {@code services/proxy}). The controller's Service is looked for where the Karpenter chart puts it:
 * {@code karpenter} in {@code kube-system} (the v1 install guide), then in {@code karpenter}, port
 * {@code http-metrics}. Failure is an answer, not an exception: the page shows the figures as unavailable.
 */
public final class ControllerMetrics {
  /** Where the chart's Service may be, in the order tried. */
  public static final List<Location> LOCATIONS = List.of(new Location("kube-system", "karpenter", "http-metrics"),
      new Location("karpenter", "karpenter", "http-metrics"));

  /** A Service port the metrics may be served on. */
  public record Location(String namespace, String service, String port) {
    String proxyPath() {
      return "/api/v1/namespaces/" + namespace + "/services/" + service + ":" + port + "/proxy/metrics";
    }

    @Override
    public String toString() {
      return namespace + "/" + service + ":" + port;
    }
  }

  /** What a scrape gave: samples (and the lines that did not parse) when {@code available}, otherwise why not. */
  public record Scrape(boolean available, String source, String reason, List<PrometheusText.Sample> samples, List<String> problems) {
    static Scrape unavailable(String source, String reason) {
      return new Scrape(false, source, reason, List.of(), List.of());
    }
  }

  private final Apiserver apiserver;

  public ControllerMetrics(Apiserver apiserver) {
    this.apiserver = apiserver;
  }

  public Scrape scrape(String cluster, KubernetesClient asPerson) {
    // The apiserver checks RBAC before it looks for the Service, so a 403 in one namespace says
    // nothing about the next: a person may proxy in "karpenter" only, where that install lives.
    Scrape refused = null;
    for (Location at : LOCATIONS) {
      try {
        String text = apiserver.text(cluster, asPerson, Apiserver.Call.get(at.proxyPath(), Map.of()).accept("text/plain;version=0.0.4, text/plain"));
        PrometheusText.Parsed parsed = PrometheusText.parse(text);
        return new Scrape(true, at.toString(), null, parsed.samples(), parsed.problems());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403 && refused == null) {
          refused = Scrape.unavailable(at.toString(), "you may not read the Karpenter controller's metrics (" + KubernetesErrors.message(e) + ")");
        } else if (e.getCode() != 403 && e.getCode() != 404) {
          return Scrape.unavailable(at.toString(), "the Karpenter controller's metrics answered HTTP " + e.getCode() + ": " + KubernetesErrors.message(e));
        }
      } catch (ClusterUnavailableException e) {
        return Scrape.unavailable(at.toString(), e.getMessage());
      }
    }
    return refused != null ? refused
        : Scrape.unavailable(null, "no Karpenter metrics Service found (tried " + String.join(", ", LOCATIONS.stream().map(Location::toString).toList()) + ")");
  }
}
