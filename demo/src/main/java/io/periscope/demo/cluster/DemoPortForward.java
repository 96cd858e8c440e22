package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The kubelet side of {@code pods/portforward} for the demo cluster, over the WebSocket channel
 * protocol ({@code v4.channel.k8s.io}: channel 0 data, channel 1 errors, each opened by a frame
 * holding the port as a little-endian uint16). Every demo container "listens" on its declared
 * {@code containerPort} with a tiny HTTP server that answers one request with a page naming the
 * pod, port and path (and its stylesheet), then closes, as a pod's server does after {@code Connection: close}. Any other
 * port gets the kubelet's "connection refused" on the error channel.
 */
final class DemoPortForward extends WebSocketListener {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String namespace;
  private final String pod;
  private final int port;
  private final boolean listening;
  private final ByteArrayOutputStream request = new ByteArrayOutputStream();

  private DemoPortForward(String namespace, String pod, int port, boolean listening) {
    this.namespace = namespace;
    this.pod = pod;
    this.port = port;
    this.listening = listening;
  }

  static MockResponse upgrade(String namespace, String pod, String query, Function<RecordedRequest, MockResponse> crud) {
    var m = Pattern.compile("(?:^|&)ports=(\\d{1,5})(?:&|$)").matcher(query);
    if (!m.find()) {
      return DemoPodLogs.status(400, "BadRequest", "query parameter \"ports\" is required");
    }
    int port = Integer.parseInt(m.group(1));
    MockResponse found = crud.apply(StoreCalls.request(HttpMethod.GET, "/api/v1/namespaces/" + namespace + "/pods/" + pod, null));
    if (found.code() != 200) {
      return DemoPodLogs.status(404, "NotFound", "pods \"" + pod + "\" not found");
    }
    boolean listening = false;
    try {
      for (JsonNode c : JSON.readTree(found.getBody().readUtf8()).path("spec").path("containers")) {
        for (JsonNode p : c.path("ports")) {
          listening |= p.path("containerPort").asInt() == port;
        }
      }
    } catch (IOException e) {
      return DemoPodLogs.status(500, "InternalError", "reading pod " + pod + " failed: " + e.getMessage());
    }
    return new MockResponse().setResponseCode(101).setHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
        .withWebSocketUpgrade(new DemoPortForward(namespace, pod, port, listening));
  }

  @Override
  public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
    ws.send(new byte[] {0, (byte) port, (byte) (port >> 8)});
    ws.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
    if (!listening) {
      ws.send(DemoShell.channel(1, "error forwarding port " + port + " to pod " + pod + ": failed to connect to localhost:" + port
          + " inside the pod's network namespace: dial tcp4 127.0.0.1:" + port + ": connect: connection refused"));
      ws.close(1000, "");
    }
  }

  @Override
  public void onMessage(WebSocket ws, ByteString bytes) {
    onMessage(ws, bytes.toByteArray());
  }

  @Override
  public synchronized void onMessage(WebSocket ws, byte[] data) {
    if (data.length < 2 || data[0] != 0 || !listening) {
      return;
    }
    request.write(data, 1, data.length - 1);
    String text = request.toString(StandardCharsets.ISO_8859_1);
    if (!text.contains("\r\n\r\n")) {
      return; // the head is not complete yet
    }
    String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
    String path = line.length > 1 ? line[1] : "/";
    boolean css = path.endsWith("/style.css");
    byte[] page = (css ? "body{background:#e0f2fe;color:#0c4a6e}\n" : page(path)).getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 200 OK\r\nContent-Type: " + (css ? "text/css" : "text/html; charset=utf-8") + "\r\nContent-Length: " + page.length
        + "\r\nConnection: close\r\n\r\n";
    byte[] head8 = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head8.length + page.length + 1];
    System.arraycopy(head8, 0, out, 1, head8.length);
    System.arraycopy(page, 0, out, 1 + head8.length, page.length);
    ws.send(out);
    ws.close(1000, "");
  }

  private String page(String path) {
    String safePath = path.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    return "<!doctype html><html><head><title>" + pod + ":" + port + "</title><link rel=\"stylesheet\" href=\"style.css\"></head><body style=\"font-family:sans-serif\">"
        + "<h1>Hello from " + pod + "</h1><p>Namespace <b>" + namespace + "</b>, container port <b>" + port + "</b>, path <code>"
        + safePath + "</code>.</p><p>This page came through the apiserver's port-forward, as you.</p>"
        + "<noscript><p id=\"noscript\">Scripts do not run on forwarded pages.</p></noscript>"
        + "<p><a href=\"healthz\">healthz</a></p></body></html>";
  }
}
