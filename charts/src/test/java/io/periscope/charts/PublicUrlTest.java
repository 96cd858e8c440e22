package io.periscope.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.charts.Charts.Chart;
import io.periscope.charts.Charts.Rendered;
import io.periscope.config.PeriscopeConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's public URL as the pod reads it. An ingress without {@code server.publicUrl} used to
 * render fine while the server fell back to http://localhost:8080, so every sign-in was redirected
 * there; the chart now takes the ingress host, and refuses what it cannot turn into a URL.
 */
class PublicUrlTest {
  private static final String FULLNAME = "ops-periscope";
  private static final Map<String, Object> OIDC = Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope");

  @Test
  void anIngressWithTlsMakesItsHostTheHttpsPublicUrl() throws Exception {
    Rendered r = render(Map.of("ingress.enabled", "true", "ingress.host", "periscope.example.com",
        "ingress.tls.enabled", "true", "ingress.tls.secretName", "periscope-tls"));

    PeriscopeConfig c = serverConfig(r);

    assertThat(c.server().publicUrl()).isEqualTo(URI.create("https://periscope.example.com"));
    assertThat(c.sessions().secureCookie()).isTrue();
    assertThat(c.agent().hostnames()).as("the tunnel certificate's default follows").containsExactly("periscope.example.com");
    assertThat(Charts.notes(Chart.SERVER, sets(Map.of("ingress.enabled", "true", "ingress.host", "periscope.example.com",
        "ingress.tls.enabled", "true", "ingress.tls.secretName", "periscope-tls"))))
        .contains("https://periscope.example.com (server.publicUrl, from ingress.host; register"
            + " https://periscope.example.com/api/auth/callback at the IdP)");
  }

  /**
   * Without a tls block TLS is terminated in front of the ingress (e.g. an ALB's certificate
   * annotation): the server's session cookie is Secure, so plain http would never sign anyone in.
   */
  @Test
  void anIngressWithoutATlsBlockStillMeansHttpsForTheBrowser() throws Exception {
    Rendered r = render(Map.of("ingress.enabled", "true", "ingress.host", "periscope.example.com",
        "ingress.annotations.alb\\.ingress\\.kubernetes\\.io/certificate-arn", "arn:aws:acm:eu-west-1:111111111111:certificate/x"));

    assertThat(serverConfig(r).server().publicUrl()).isEqualTo(URI.create("https://periscope.example.com"));
  }

  @Test
  void anExplicitPublicUrlWinsOverTheIngressHost() throws Exception {
    Rendered r = render(Map.of("ingress.enabled", "true", "ingress.host", "periscope-internal.example.com",
        "ingress.tls.enabled", "true", "ingress.tls.secretName", "periscope-tls", "server.publicUrl", "https://console.example.com:8443"));

    assertThat(serverConfig(r).server().publicUrl()).isEqualTo(URI.create("https://console.example.com:8443"));
    assertThat(r.one("Ingress", FULLNAME).at("/spec/rules/0/host").asText()).isEqualTo("periscope-internal.example.com");
  }

  @Test
  void withoutAnIngressTheServerKeepsItsPortForwardDefault() throws Exception {
    Rendered r = render(Map.of());

    assertThat(configYaml(r)).doesNotContain("publicUrl");
    assertThat(serverConfig(r).server().publicUrl()).isEqualTo(URI.create("http://localhost:8080"));
  }

  @Test
  void anIngressWithoutAHostFailsTheRenderSayingWhatToSet() {
    assertThatThrownBy(() -> render(Map.of("ingress.enabled", "true")))
        .hasMessageContaining("ingress.enabled is true but ingress.host is empty")
        .hasMessageContaining("https://<ingress.host>");
  }

  @Test
  void aWildcardHostCannotBeTheUrlSoItNeedsAnExplicitPublicUrl() throws Exception {
    assertThatThrownBy(() -> render(Map.of("ingress.enabled", "true", "ingress.host", "*.example.com")))
        .hasMessageContaining("server.publicUrl is empty and ingress.host is the wildcard \"*.example.com\"")
        .hasMessageContaining("set server.publicUrl");

    Rendered r = render(Map.of("ingress.enabled", "true", "ingress.host", "*.example.com", "server.publicUrl", "https://periscope.example.com"));
    assertThat(serverConfig(r).server().publicUrl()).isEqualTo(URI.create("https://periscope.example.com"));
  }

  /** Every route is served from '/', so an ingress on a sub-path would route nothing and sign-in would leave it. */
  @Test
  void anIngressOnASubPathFailsTheRenderWhileTheWholeHostRenders() throws Exception {
    assertThatThrownBy(() -> render(Map.of("ingress.enabled", "true", "ingress.host", "tools.example.com", "ingress.path", "/periscope")))
        .hasMessageContaining("ingress.path is \"/periscope\"").hasMessageContaining("a host name of its own");

    for (String path : new String[] {"/", "/*"}) {
      Rendered r = render(Map.of("ingress.enabled", "true", "ingress.host", "periscope.example.com", "ingress.path", path));
      assertThat(r.one("Ingress", FULLNAME).at("/spec/rules/0/http/paths/0/path").asText()).isEqualTo(path);
    }
  }

  @Test
  void theHeadlessTunnelServiceKeepsTheDerivedHostInTheCertificate() throws Exception {
    Rendered r = Charts.render(Chart.SERVER, sets(Map.of("ingress.enabled", "true", "ingress.host", "periscope.example.com",
        "agentTunnel.enabled", "true", "agentTunnel.caKey.existingSecret", "periscope-agent-ca-key",
        "agentTunnel.headlessService.enabled", "true")), "postgres-ha.yaml");

    assertThat(configYaml(r)).contains("publicUrl: https://periscope.example.com");
    assertThat(configYaml(r)).contains("- periscope.example.com\n", "- " + FULLNAME + "-tunnel-headless.");
  }

  private static Rendered render(Map<String, Object> sets) {
    return Charts.render(Chart.SERVER, sets(sets));
  }

  private static Map<String, Object> sets(Map<String, Object> sets) {
    var all = new HashMap<>(OIDC);
    all.putAll(sets);
    return all;
  }

  private static String configYaml(Rendered r) {
    return r.one("ConfigMap", FULLNAME).at("/data/config.yaml").asText();
  }

  /** What the server reads: the rendered config.yaml with the pod's environment (the chart's storage key Secret). */
  private static PeriscopeConfig serverConfig(Rendered r) throws Exception {
    var container = r.one("Deployment", FULLNAME).at("/spec/template/spec/containers/0");
    return ServerConfigWiringTest.serverConfig(r, Charts.podEnvironment(r, container, Map.of()), Map.of());
  }
}
