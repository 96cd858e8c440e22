package io.periscope.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPA's files: a request without a session must not make the server hold anything new. */
class SpaAssetsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<SpaAssets> assets = new AtomicReference<>();
  private Javalin app;

  @BeforeEach
  void start() {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      assets.set(SpaAssets.register(cfg.routes));
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pathsThatAreNoFileOfTheBuildAreNotRemembered() throws Exception {
    HttpResponse<String> first = get("/clusters/prod/r/core/v1/pods");
    int held = assets.get().held();

    for (int i = 0; i < 300; i++) {
      get("/no-such-" + i + "/" + "x".repeat(2_000));
      get("/assets/missing-" + i + ".js");
    }

    assertThat(assets.get().held()).as("files held after 600 misses").isEqualTo(held);
    // Every miss outside /assets/ is the console's own route: the same index.html as the first answer.
    assertThat(get("/no-such-page").body()).isEqualTo(first.body());
    assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void dotSegmentsNeverNameAFile() throws Exception {
    HttpResponse<String> index = get("/");
    int held = assets.get().held();

    for (String path : new String[] {"/./index.html", "/././index.html", "/assets/./x.js", "/a/../index.html", "/.//index.html"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isIn(200, 404);
      if (r.statusCode() == 200) {
        assertThat(r.body()).as(path).isEqualTo(index.body());
      }
    }
    assertThat(assets.get().held()).isEqualTo(held);
  }
}
