package io.periscope.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A browser stand-in: keeps cookies by name, follows nothing automatically so tests see every
 * redirect, and knows how to walk the OIDC login through the mock IdP.
 */
public final class TestBrowser {
  private final PeriscopeHarness harness;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> cookies = new HashMap<>();
  private String csrf;

  TestBrowser(PeriscopeHarness harness) {
    this.harness = harness;
  }

  /** Lets go of this browser's HTTP client (its selector thread and connections); its cookies stay usable elsewhere. */
  public void closeConnections() {
    http.close();
  }

  /** The redirect to the IdP plus the parameters Periscope put on it. */
  public record LoginStart(URI authorizeUri, Map<String, String> params) {}

  public LoginStart startLogin(String returnTo) {
    HttpResponse<String> r = get(harness.url("/api/auth/login?returnTo=" + returnTo));
    if (r.statusCode() != 302) {
      throw new AssertionError("login did not redirect: " + r.statusCode() + " " + r.body());
    }
    URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
    return new LoginStart(location, query(location));
  }

  /** Has the IdP issue the next token for this subject/groups, then follows its redirect; returns the callback URI. */
  public URI authorizeAt(LoginStart start, String subject, List<String> groups) {
    harness.tokens.next(subject, groups, List.of(PeriscopeHarness.CLIENT_ID), 3600);
    HttpResponse<String> r = get(start.authorizeUri());
    if (r.statusCode() != 302) {
      throw new AssertionError("IdP did not redirect: " + r.statusCode() + " " + r.body());
    }
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  /** Full login; returns the final response of the callback (302 to returnTo on success). */
  public HttpResponse<String> login(String subject, List<String> groups) {
    LoginStart start = startLogin("/");
    return get(authorizeAt(start, subject, groups));
  }

  public HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  /** A GET with extra headers (e.g. a browser's {@code Accept}). */
  public HttpResponse<String> get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    headers.forEach(b::header);
    return send(b);
  }

  public HttpResponse<String> get(String path) {
    return get(harness.url(path));
  }

  public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    var b = HttpRequest.newBuilder(harness.url(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return send(b);
  }

  /** Any method with a body (null for none), e.g. DELETE or PATCH. */
  public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
    var b = HttpRequest.newBuilder(harness.url(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    return send(b);
  }

  /** The session's CSRF token, read from whoami (cached after the first call). */
  public String csrfToken() {
    if (csrf == null) {
      String body = get("/api/auth/whoami").body();
      var m = java.util.regex.Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(body);
      if (!m.find()) {
        throw new AssertionError("whoami has no csrfToken: " + body);
      }
      csrf = m.group(1);
    }
    return csrf;
  }

  /** A mutation with the CSRF header set. */
  public HttpResponse<String> mutate(String method, String path, String body) {
    return send(method, path, body, Map.of("X-CSRF-Token", csrfToken()));
  }

  /** A GET whose body is read line by line as it arrives (SSE); close the stream to disconnect. */
  public HttpResponse<java.util.stream.Stream<String>> stream(String path, Map<String, String> headers) {
    var b = HttpRequest.newBuilder(harness.url(path)).GET();
    headers.forEach(b::header);
    if (!cookies.isEmpty()) {
      b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET whose body is read as it arrives (streams that do not end on their own). */
  public HttpResponse<java.io.InputStream> stream(String path) {
    var b = HttpRequest.newBuilder(harness.url(path)).GET();
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookieHeader());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Cookie header value this browser sends to Periscope (for WebSocket handshakes). */
  public String cookieHeader() {
    return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  public void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    URI uri = builder.build().uri();
    if (!cookies.isEmpty() && uri.getPort() == harness.app.port()) {
      builder.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      if (uri.getPort() == harness.app.port()) {
        r.headers().allValues("Set-Cookie").forEach(this::storeCookie);
        ErrorBodies.check(r);
      }
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void storeCookie(String header) {
    String pair = header.split(";", 2)[0];
    int eq = pair.indexOf('=');
    String name = pair.substring(0, eq).trim();
    String value = pair.substring(eq + 1).trim();
    if (value.isEmpty() || header.contains("Max-Age=0")) {
      cookies.remove(name);
    } else {
      cookies.put(name, value);
    }
  }

  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    if (uri.getRawQuery() == null) {
      return out;
    }
    for (String kv : uri.getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
