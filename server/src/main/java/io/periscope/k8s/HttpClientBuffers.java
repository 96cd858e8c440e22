package io.periscope.k8s;

import java.util.Map;

/**
 * Sizes the JDK HTTP client's buffers for a server that holds many quiet connections. Each
 * person's watch is a WebSocket of its own, and the JDK's defaults gave every one of them a
 * 16 KiB read buffer, a 16 KiB frame write buffer and a 16 KiB text-encoding buffer: ~48 KiB per
 * person for a connection that only receives small events (what a watch sends is a pong or a
 * close). Larger messages still go through, in more pieces. Settings the operator passed with
 * {@code -D} win. Must run before the JDK client is first used: it reads them once.
 */
public final class HttpClientBuffers {
  static final Map<String, String> DEFAULTS = Map.of(
      "jdk.httpclient.bufsize", "4096",
      "jdk.httpclient.websocket.writeBufferSize", "4096",
      "jdk.httpclient.websocket.intermediateBufferSize", "4096");

  private HttpClientBuffers() {}

  /** Sets each size the JVM was not started with. */
  public static void applyDefaults() {
    DEFAULTS.forEach((name, value) -> {
      if (System.getProperty(name) == null) {
        System.setProperty(name, value);
      }
    });
  }
}
