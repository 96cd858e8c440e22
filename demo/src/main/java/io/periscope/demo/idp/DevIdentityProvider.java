package io.periscope.demo.idp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * mock-oauth2-server on loopback with interactive login. The login page (ours, not the library's)
 * asks for a user name and groups and submits them as the {@code claims} form field, which the
 * library merges into the ID token; {@link #claimsJson} is the same mapping in Java, for tests
 * and scripts that submit the form without a browser.
 */
public final class DevIdentityProvider implements AutoCloseable {
  public static final String ISSUER_ID = "periscope";
  public static final String CLIENT_ID = "periscope-dev";
  /** The library accepts any secret; a fixed one keeps the server's client-auth path exercised. */
  public static final String CLIENT_SECRET = "periscope-dev-secret";
  public static final String EMAIL_DOMAIN = "periscope.local";

  private final MockOAuth2Server server;
  private final Path loginPage;
  private final int port;

  private DevIdentityProvider(MockOAuth2Server server, Path loginPage, int port) {
    this.server = server;
    this.loginPage = loginPage;
    this.port = port;
  }

  /** @param port 0 for an ephemeral port */
  public static DevIdentityProvider start(int port) {
    Path page = writeLoginPage();
    // The library reads loginPagePath as a plain file on every login, so it must live on disk.
    var server = new MockOAuth2Server(new OAuth2Config(true, page.toString()));
    server.start(InetAddress.getLoopbackAddress(), port);
    return new DevIdentityProvider(server, page, server.baseUrl().port());
  }

  /**
   * The issuer, spelled with 127.0.0.1 rather than localhost: the library derives the issuer from
   * the request's Host header, and a browser that resolves localhost to ::1 would not reach us.
   */
  public URI issuer() {
    return URI.create("http://127.0.0.1:" + port + "/" + ISSUER_ID);
  }

  public int port() {
    return port;
  }

  /** The {@code claims} form value the login page sends for {@code user} with {@code groups}. */
  public static String claimsJson(String user, List<String> groups) {
    String list = groups.stream().map(DevIdentityProvider::jsonString).collect(Collectors.joining(","));
    return "{\"email\":" + jsonString(user + "@" + EMAIL_DOMAIN) + ",\"groups\":[" + list + "]}";
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      Files.deleteIfExists(loginPage);
      Files.deleteIfExists(loginPage.getParent());
    } catch (IOException ignored) {
      // a leftover temp file is harmless once the server is down
    }
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.append('"').toString();
  }

  private static Path writeLoginPage() {
    try (InputStream in = DevIdentityProvider.class.getResourceAsStream("login.html")) {
      if (in == null) {
        throw new IllegalStateException("login.html is missing from the demo jar");
      }
      Path dir = Files.createTempDirectory("periscope-dev-idp-");
      Path page = dir.resolve("login.html");
      Files.write(page, in.readAllBytes());
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev IdP login page", e);
    }
  }
}
