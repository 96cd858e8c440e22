package io.periscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.demo.idp.DevIdentityProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Signing in to a dev server without a browser, as the login page's script does, and reading its JSON. */
final class DevSession {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private DevSession() {}

  /** Runs the authorization-code flow by hand and returns the session cookie ({@code name=value}). */
  static String login(DevServer server, String user, List<String> groups) throws Exception {
    HttpResponse<String> start = get(server.url().resolve("/api/auth/login?returnTo=/clusters"), null);
    assertThat(start.statusCode()).isEqualTo(302);
    String preLogin = sessionCookie(start);
    URI authorize = URI.create(location(start));
    assertThat(authorize.toString()).startsWith(server.idp().issuer() + "/authorize");

    assertThat(get(authorize, null).statusCode()).isEqualTo(200);
    String form = "username=" + enc(user) + "&claims=" + enc(DevIdentityProvider.claimsJson(user, groups));
    HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(authorize)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).isEqualTo(302);
    URI callback = URI.create(location(submitted));
    assertThat(callback.toString()).startsWith(server.url().resolve("/api/auth/callback").toString());

    HttpResponse<String> done = get(callback, preLogin);
    assertThat(done.statusCode()).as("callback: %s", done.body()).isEqualTo(302);
    assertThat(location(done)).isEqualTo("/clusters");
    return sessionCookie(done);
  }

  static HttpResponse<String> get(URI uri, String cookie) throws IOException, InterruptedException {
    var builder = HttpRequest.newBuilder(uri).GET();
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
    assertThat(response.statusCode()).as("%s → %s", response.uri(), response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow();
  }

  static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .map(h -> h.split(";", 2)[0])
        .filter(c -> c.startsWith("periscope_session=") && c.length() > "periscope_session=".length())
        .reduce((first, last) -> last)
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
