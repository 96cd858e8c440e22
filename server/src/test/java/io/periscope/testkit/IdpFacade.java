package io.periscope.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A transparent reverse proxy in front of the mock IdP. The mock derives its issuer from the Host
 * header, so forwarding that header keeps every URL and token consistent with the facade's
 * address. A test can arm a one-shot rewrite of the next token-endpoint response, to present
 * Periscope with a token the real IdP would never issue (forged signature, wrong nonce...).
 */
public final class IdpFacade implements AutoCloseable {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final URI upstream;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final AtomicReference<UnaryOperator<String>> nextTokenRewrite = new AtomicReference<>();
  private final AtomicReference<String> nextTokenClientId = new AtomicReference<>();
  private final AtomicReference<String> nextAuthorizeNonce = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean refuseNextRefresh = new java.util.concurrent.atomic.AtomicBoolean();

  public IdpFacade(URI upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::forward);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next token-endpoint response body (JSON) passes through this function once. */
  public void rewriteNextTokenResponse(UnaryOperator<String> rewrite) {
    nextTokenRewrite.set(rewrite);
  }

  /**
   * The next token request reaches the IdP authenticated as another client, so the IdP issues
   * the ID token for that audience: what a mix-up or a misconfigured IdP produces.
   */
  public void presentNextTokenRequestAs(String clientId) {
    nextTokenClientId.set(clientId);
  }

  /** The next authorization request reaches the IdP with this nonce instead of Periscope's (a token-injection stand-in). */
  public void substituteNextAuthorizeNonce(String nonce) {
    nextAuthorizeNonce.set(nonce);
  }

  /** The next refresh-token grant is answered 400 {@code invalid_grant}, as an IdP does for a revoked session. */
  public void refuseNextRefresh() {
    refuseNextRefresh.set(true);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestURI().getPath().endsWith("/token")
          && new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("grant_type=refresh_token")
          && refuseNextRefresh.getAndSet(false)) {
        byte[] refusal = "{\"error\":\"invalid_grant\",\"error_description\":\"Session not active\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(400, refusal.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(refusal);
        }
        return;
      }
      String target = exchange.getRequestURI().toString();
      String nonce = exchange.getRequestURI().getPath().endsWith("/authorize") ? nextAuthorizeNonce.getAndSet(null) : null;
      if (nonce != null) {
        target = target.replaceAll("([?&])nonce=[^&]*", "$1nonce=" + nonce);
      }
      var request = HttpRequest.newBuilder(upstream.resolve(target))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
          .header("Host", exchange.getRequestHeaders().getFirst("Host"));
      boolean tokenCall = exchange.getRequestURI().getPath().endsWith("/token");
      String otherClient = tokenCall ? nextTokenClientId.getAndSet(null) : null;
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (HOP_HEADERS.contains(name.toLowerCase())) {
          return;
        }
        if (otherClient != null && name.equalsIgnoreCase("Authorization")) {
          String basic = java.util.Base64.getEncoder().encodeToString((otherClient + ":secret").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          request.header(name, "Basic " + basic);
          return;
        }
        values.forEach(v -> request.header(name, v));
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] out = tokenCall && response.statusCode() == 200 ? lifetimeAsIssued(response.body()) : response.body();
      UnaryOperator<String> rewrite = tokenCall ? nextTokenRewrite.getAndSet(null) : null;
      if (rewrite != null) {
        out = rewrite.apply(new String(out, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code expires_in} as the access token's own lifetime ({@code exp - iat}). The mock IdP stamps
   * its tokens by the harness's clock but counts {@code expires_in} from the JVM's clock, which a
   * test's clock may be far from; a real IdP's two agree.
   */
  private static byte[] lifetimeAsIssued(byte[] body) {
    try {
      var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
      var accessToken = json.get("access_token");
      if (accessToken == null || json.get("expires_in") == null) {
        return body;
      }
      var claims = com.nimbusds.jwt.JWTParser.parse(accessToken.asText()).getJWTClaimsSet();
      if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
        return body;
      }
      json.put("expires_in", (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
      return JSON.writeValueAsBytes(json);
    } catch (IOException | java.text.ParseException | ClassCastException e) {
      return body;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
