package io.periscope.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.periscope.demo.DevServer;
import io.periscope.testkit.MockApiServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Browser timings of a big list (issue #21): an apiserver that pages like a real one ({@code limit} +
 * {@code continue}, {@code remainingItemCount}, the pods Table with PartialObjectMetadata rows, a
 * fixed latency per page) holds N pods; the real development server reaches it through a
 * kubeconfig; Debian Chromium opens the all-namespaces Pods list. Prints, per run: first rows
 * visible after navigation, full list loaded, a sort over every row, a live change visible while
 * pages still arrive, and the page's JS heap. Not a test: a benchmark (bench/README.md "Browser timings").
 *
 * <p>The apiserver answers discovery in the aggregated format ({@code apidiscovery.k8s.io/v2}), as
 * Kubernetes does from 1.30 on; {@code discovery=older} makes it answer only the older per-group
 * documents (before 1.26, or with the feature off).
 *
 * <pre>ListTimings [pods=50000] [pageLatencyMs=40] [runs=3] [discovery=aggregated|older]</pre>
 */
public final class ListTimings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = "timings";

  private ListTimings() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 40;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    boolean aggregated = args.length <= 3 || !args[3].equals("older");
    try (MockApiServer apiserver = new MockApiServer()) {
      if (aggregated) {
        apiserver.serveAggregatedDiscovery((root, doc) -> { });
      } else {
        apiserver.serveDiscovery();
      }
      var paged = new PagedPods(pods, latencyMs);
      apiserver.answer("GET", "/api/v1/pods", paged::answer);
      // The CRUD mock numbers its objects from 1: move it past the snapshot's version first.
      apiserver.client().configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("after-the-snapshot").endMetadata().build()).create();
      Path kubeconfig = kubeconfig(apiserver.client().getMasterUrl().toString());
      try (DevServer server = DevServer.start(new DevServer.Options(0, 0, new DevServer.ClusterSource.Kubeconfig(kubeconfig), Map.of()));
          Browser browser = new Browser()) {
        Page page = browser.newPage(false);
        DevLogin.signIn(page, server.url(), "sam", List.of("developers"));
        System.out.printf(Locale.ROOT, "%,d pods, %d ms apiserver latency per page (the console asks 500 rows, then 5,000 per page), %s discovery; Chromium %s%n",
            pods, latencyMs, aggregated ? "aggregated" : "older-format", page.context().browser().version());
        for (int run = 1; run <= runs; run++) {
          page.navigate(server.url().resolve("/audit").toString()); // a page that lists no pods
          page.waitForSelector("nav[aria-label=Main]");
          measure(page, server.url(), apiserver, pods, run);
        }
      }
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    } finally {
      System.exit(0); // the mock's event loop threads are not daemons
    }
  }

  private static void measure(Page page, URI console, MockApiServer apiserver, int pods, int run) {
    Locator grid = page.getByRole(AriaRole.GRID);
    Locator loading = page.getByRole(AriaRole.STATUS, new Page.GetByRoleOptions().setName("Loading more rows"));
    long start = System.nanoTime();
    page.navigate(console.resolve("/clusters/" + CLUSTER + "/r/core/v1/pods").toString());
    grid.getByRole(AriaRole.ROW).nth(1).waitFor();
    double first = ms(start);

    // A live change while pages still arrive: filter for a pod that does not exist yet, create it.
    boolean stillLoading = loading.isVisible();
    String probe = "live-probe-" + run;
    page.getByPlaceholder("Filter by name, status…").fill(probe);
    long created = System.nanoTime();
    apiserver.client().pods().inNamespace("zz-probe").resource(new PodBuilder().withNewMetadata().withName(probe).withNamespace("zz-probe")
        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    grid.getByText(probe).waitFor();
    double live = ms(created);
    page.getByPlaceholder("Filter by name, status…").fill("");

    loading.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED).setTimeout(120_000));
    double full = ms(start);
    String items = page.getByText(java.util.regex.Pattern.compile("^[\\d,]+ items$")).textContent();

    long sortStart = System.nanoTime();
    grid.getByRole(AriaRole.COLUMNHEADER, new Locator.GetByRoleOptions().setName("Name").setExact(true)).click();
    page.waitForURL("**sort=Name**");
    // "live-probe-…" (this run's, and earlier runs' the watch replays) sort before "pod-00000"
    grid.getByRole(AriaRole.ROW).nth(1).getByText(java.util.regex.Pattern.compile("^live-probe-")).waitFor();
    double sort = ms(sortStart);

    var heap = page.context().newCDPSession(page).send("Runtime.getHeapUsage");
    double heapMb = heap.get("usedSize").getAsDouble() / (1024 * 1024);
    System.out.printf(Locale.ROOT, "run %d: first rows %.0f ms · full list (%s) %.0f ms · sort by Name %.0f ms · live change %.0f ms (%s) · JS heap %.0f MB%n",
        run, first, items, full, sort, live, stillLoading ? "while loading" : "after loading", heapMb);
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }

  private static Path kubeconfig(String masterUrl) throws java.io.IOException {
    Path file = Files.createTempFile("periscope-timings", ".yaml");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster: {server: "%2$s", insecure-skip-tls-verify: true}
        users:
        - name: bench
          user: {token: bench-token}
        contexts:
        - name: %1$s
          context: {cluster: %1$s, user: bench}
        current-context: %1$s
        """.formatted(CLUSTER, masterUrl), StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  /**
   * The pods collection as a real apiserver pages it: a consistent snapshot, {@code limit} rows per
   * answer, an opaque {@code continue}, {@code remainingItemCount}; a Table with kubectl's pod columns
   * and PartialObjectMetadata rows when asked {@code as=Table}. Watches fall through to the CRUD mock.
   */
  private static final class PagedPods {
    /** The snapshot's version; objects the CRUD mock creates afterwards get later ones (as etcd's would). */
    private static final String RV = "1";
    private final List<ObjectNode> metadata = new ArrayList<>();
    private final long latencyMs;
    private final Instant created = Instant.now().minusSeconds(5 * 86_400);
    /**
     * The unpaged answers (the fleet page's count reads every pod), as List and as Table, serialized
     * before the server starts: the snapshot never changes, and this apiserver shares the JVM and the
     * cores with the server being measured, so building 10 MB of JSON per request (~0.5 s of CPU)
     * would be charged to Periscope's first page.
     */
    private final Map<Boolean, String> unpaged = new java.util.HashMap<>();

    PagedPods(int count, long latencyMs) {
      this.latencyMs = latencyMs;
      for (int i = 0; i < count; i++) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", String.format(Locale.ROOT, "pod-%05d", count - 1 - i)); // the snapshot's order is not the sort order
        m.put("namespace", "ns-" + (i % 40));
        m.put("uid", "uid-" + i);
        m.put("resourceVersion", RV);
        m.put("creationTimestamp", created.toString());
        m.putObject("labels").put("app", "app-" + (i % 200));
        metadata.add(m);
      }
      unpaged.put(false, page(false, 0, count));
      unpaged.put(true, page(true, 0, count));
    }

    MockResponse answer(RecordedRequest request) {
      URI uri = URI.create(request.getPath());
      Map<String, String> q = new java.util.HashMap<>();
      if (uri.getRawQuery() != null) {
        for (String kv : uri.getRawQuery().split("&")) {
          int eq = kv.indexOf('=');
          q.put(kv.substring(0, Math.max(eq, 0)), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      if ("true".equals(q.get("watch"))) {
        return null;
      }
      int from = q.containsKey("continue") ? Integer.parseInt(q.get("continue").substring(1)) : 0;
      int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : metadata.size();
      boolean table = String.valueOf(request.getHeader("Accept")).contains("as=Table");
      String body = from == 0 && limit >= metadata.size() ? unpaged.get(table) : page(table, from, limit);
      String contentType = table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json";
      // The apiserver's own work per page, as a delay of the answer (not a sleep on the mock's event loop).
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", contentType).setBody(body)
          .setBodyDelay(java.time.Duration.ofMillis(latencyMs));
    }

    private String page(boolean table, int from, int limit) {
      int to = Math.min(metadata.size(), from + limit);
      ObjectNode body = JSON.createObjectNode();
      ObjectNode meta = JSON.createObjectNode().put("resourceVersion", RV);
      if (to < metadata.size()) {
        meta.put("continue", "c" + to).put("remainingItemCount", metadata.size() - to);
      }
      if (table) {
        body.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1").set("metadata", meta);
        ArrayNode columns = body.putArray("columnDefinitions");
        for (String[] c : new String[][] {{"Name", "string", "0"}, {"Ready", "string", "0"}, {"Status", "string", "0"}, {"Restarts", "string", "0"},
            {"Age", "string", "0"}, {"IP", "string", "1"}, {"Node", "string", "1"}}) {
          columns.addObject().put("name", c[0]).put("type", c[1]).put("format", c[0].equals("Name") ? "name" : "").put("priority", Integer.parseInt(c[2]));
        }
        ArrayNode rows = body.putArray("rows");
        for (int i = from; i < to; i++) {
          ObjectNode row = rows.addObject();
          row.putArray("cells").add(metadata.get(i).get("name").asText()).add("1/1").add(i % 97 == 0 ? "CrashLoopBackOff" : "Running")
              .add(i % 97 == 0 ? "12 (3m ago)" : "0").add("5d").add("10.0." + (i / 250 % 250) + "." + (i % 250)).add("ip-10-0-" + (i % 30) + ".internal");
          row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1").set("metadata", metadata.get(i));
        }
      } else {
        body.put("kind", "PodList").put("apiVersion", "v1").set("metadata", meta);
        ArrayNode items = body.putArray("items");
        for (int i = from; i < to; i++) {
          items.addObject().put("kind", "Pod").put("apiVersion", "v1").set("metadata", metadata.get(i));
        }
      }
      return body.toString();
    }
  }
}
