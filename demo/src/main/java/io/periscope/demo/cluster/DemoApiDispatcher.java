package io.periscope.demo.cluster;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * fabric8's CRUD dispatcher plus {@code /version}. With a custom dispatcher the mock server's own
 * {@code /version} expectation is bypassed and the CRUD store answers the path as a prefix query,
 * returning every stored object; the console's reachability probe calls it every 30 seconds.
 */
final class DemoApiDispatcher extends KubernetesCrudDispatcher {
  private static final String VERSION_JSON = """
      {"major":"1","minor":"31","gitVersion":"%s","gitCommit":"2d5f260c1b4a8ed3b4d3c2e1f0a9b8c7d6e5f4a3",
       "gitTreeState":"clean","buildDate":"2024-12-10T19:03:42Z","goVersion":"go1.22.9","compiler":"gc",
       "platform":"linux/amd64"}
      """.formatted(DemoSeed.KUBERNETES_VERSION);

  DemoApiDispatcher(List<CustomResourceDefinitionContext> crds) {
    super(crds);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
    if (path.equals("/version") && "GET".equals(request.getMethod())) {
      return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(VERSION_JSON);
    }
    return super.dispatch(request);
  }
}
