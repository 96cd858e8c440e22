package io.periscope.agent.link;

import io.periscope.tunnel.WireHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends a proxied request to the local apiserver as the agent's ServiceAccount. The server's
 * headers, {@code Impersonate-*} included, pass unchanged; the only header replaced is
 * {@code Authorization}, which always carries the agent's own token and never anything from the
 * tunnel. The agent adds no identity headers of its own.
 */
final class ApiForwarder {
  private final URI apiserver;
  private final ServiceAccountToken token;
  private final HttpClient http;
  private final Optional<SSLContext> tls;

  ApiForwarder(URI apiserver, Path tokenFile, Optional<Path> apiserverCa) {
    this.apiserver = apiserver;
    this.token = new ServiceAccountToken(tokenFile);
    this.tls = apiserverCa.map(ApiForwarder::trusting);
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        // Responses are relayed from the client's callbacks (BodyRelay): each delivery runs as a
        // task of its own, so 200 streams' frames are not sent one after another by one thread.
        .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    tls.ifPresent(b::sslContext);
    this.http = b.build();
  }

  /**
   * Opens an HTTP/1.1 upgrade (exec, attach, port-forward) to the apiserver on a socket of its
   * own, with the same header rules as {@link #send}; the caller relays raw bytes after a 101.
   *
   * @throws IllegalArgumentException for a path that is not an absolute path
   */
  UpgradeConnection upgrade(String method, String pathAndQuery, Map<String, List<String>> headers, String protocol)
      throws IOException {
    requireAbsolute(pathAndQuery);
    if (!protocol.matches("[A-Za-z0-9._/-]{1,64}")) {
      throw new IllegalArgumentException("invalid upgrade protocol '" + protocol + "'");
    }
    Map<String, List<String>> sent = new java.util.LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (!WireHeaders.isHopByHop(name) && !name.equalsIgnoreCase("authorization") && !name.startsWith(":")) {
        sent.put(name, values);
      }
    });
    sent.put("Authorization", List.of("Bearer " + token.current()));
    return UpgradeConnection.open(apiserver, tls.orElseGet(ApiForwarder::defaultTls), method, pathAndQuery, sent, protocol);
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireAbsolute(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
      throw new IllegalArgumentException("the request path must be absolute: " + pathAndQuery);
    }
  }

  /**
   * Sends the request; cancelling the returned future abandons it (the apiserver connection of a
   * request that is still waiting for its head is closed).
   *
   * @throws IllegalArgumentException at once for a path that is not an absolute path (never another host)
   */
  CompletableFuture<HttpResponse<InputStream>> send(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    return send(method, pathAndQuery, headers, body, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** As {@link #send(String, String, Map, byte[])}, the response body going to {@code handler}. */
  <T> CompletableFuture<HttpResponse<T>> send(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body,
      HttpResponse.BodyHandler<T> handler) {
    requireAbsolute(pathAndQuery);
    String base = apiserver.toString().replaceAll("/+$", "");
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> {
      if (!WireHeaders.isHopByHop(name) && !name.equalsIgnoreCase("authorization") && !name.startsWith(":")) {
        values.forEach(v -> r.header(name, v));
      }
    });
    r.header("Authorization", "Bearer " + token.current());
    return http.sendAsync(r.build(), handler);
  }

  static boolean forwardable(String responseHeader) {
    String n = responseHeader.toLowerCase(Locale.ROOT);
    return !n.startsWith(":") && !WireHeaders.isHopByHop(n);
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot load the apiserver CA " + caFile + ": " + e.getMessage(), e);
    }
  }
}
