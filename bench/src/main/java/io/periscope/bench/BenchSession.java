package io.periscope.bench;

import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/** A Periscope server with the test kit's mock IdP and mock apiserver, and a signed-in session cookie. */
final class BenchSession implements AutoCloseable {
  final PeriscopeHarness harness;
  final String cookie;

  BenchSession(Map<String, String> config) {
    harness = new PeriscopeHarness(config);
    harness.apiserver.serveDiscovery();
    TestBrowser browser = harness.browser();
    browser.login("bench", List.of("bench"));
    cookie = "periscope_session=" + browser.cookie("periscope_session").orElseThrow();
  }

  /** What surefire sets for the server's tests: the test IdP facade forwards the Host header. */
  static void prepareJvm() {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
  }

  @Override
  public void close() {
    harness.close();
  }
}
