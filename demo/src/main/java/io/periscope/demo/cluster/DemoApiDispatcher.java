package io.periscope.demo.cluster;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;

/**
 * fabric8's CRUD dispatcher plus {@code /version}, pod logs ({@link DemoPodLogs}) and exec
 * ({@link DemoShell}). With a custom dispatcher the mock server's own {@code /version} expectation
 * is bypassed and the CRUD store answers the path as a prefix query, returning every stored
 * object; the console's reachability probe calls it every 30 seconds.
 */
final class DemoApiDispatcher extends KubernetesCrudDispatcher {
  private static final String VERSION_JSON = """
      {"major":"1","minor":"31","gitVersion":"%s","gitCommit":"2d5f260c1b4a8ed3b4d3c2e1f0a9b8c7d6e5f4a3",
       "gitTreeState":"clean","buildDate":"2024-12-10T19:03:42Z","goVersion":"go1.22.9","compiler":"gc",
       "platform":"linux/amd64"}
      """.formatted(DemoSeed.KUBERNETES_VERSION);

  private final DemoPodLogs logs;

  DemoApiDispatcher(List<CustomResourceDefinitionContext> crds, Clock clock) {
    super(crds);
    this.logs = new DemoPodLogs(clock);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath().split("\\?", 2)[0];
    if (path.equals("/version") && "GET".equals(request.getMethod())) {
      return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(VERSION_JSON);
    }
    String query = request.getPath() == null || !request.getPath().contains("?") ? "" : request.getPath().split("\\?", 2)[1];
    if ("GET".equals(request.getMethod())) {
      Matcher m;
      if ((m = DemoPodLogs.PATH.matcher(path)).matches()) {
        return logs.answer(m, query);
      }
      if ((m = DemoShell.PATH.matcher(path)).matches()) {
        return DemoShell.upgrade(m.group(2));
      }
      // fabric8 waits for a pod to be ready before exec with a one-object watch; it has its answer
      // from the list already, and the CRUD mock blocks its event loop closing watches. A quiet
      // WebSocket serves that watch; list watches for live updates still go to CRUD.
      if (path.matches("^/api/v1/namespaces/[^/]+/pods$") && query.contains("watch=true") && query.contains("metadata.name")) {
        return new MockResponse().setResponseCode(101).withWebSocketUpgrade(new WebSocketListener() { });
      }
    }
    return super.dispatch(request);
  }
}
