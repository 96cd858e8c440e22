package io.periscope.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientBuffersTest {
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clear() {
    HttpClientBuffers.DEFAULTS.keySet().forEach(name -> {
      saved.put(name, System.getProperty(name));
      System.clearProperty(name);
    });
  }

  @AfterEach
  void restore() {
    saved.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
  }

  @Test
  void aJvmStartedWithoutSizesGetsSmallWatchBuffers() {
    HttpClientBuffers.applyDefaults();

    assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("4096");
    assertThat(System.getProperty("jdk.httpclient.websocket.writeBufferSize")).isEqualTo("4096");
    assertThat(System.getProperty("jdk.httpclient.websocket.intermediateBufferSize")).isEqualTo("4096");
  }

  @Test
  void theOperatorsOwnSizeWins() {
    System.setProperty("jdk.httpclient.websocket.writeBufferSize", "65536");

    HttpClientBuffers.applyDefaults();

    assertThat(System.getProperty("jdk.httpclient.websocket.writeBufferSize")).isEqualTo("65536");
    assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("4096");
  }
}
