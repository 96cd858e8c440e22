package io.periscope.bench.proc;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The CRUD mock behind the compression a kube-apiserver applies: an answer over 128 KiB to a
 * client that accepts gzip goes out gzip-compressed at level 1 ({@code BestSpeed}, as the
 * apiserver's {@code deferredResponseWriter} writes it), everything else as the mock sent it. With
 * it ({@code -Dbench.gzip=true}) every path of the list bench, direct ones included, asks for gzip
 * as kubectl and browsers do, so a list crosses each hop at about a tenth of its size. The front
 * runs in the apiserver peer's JVM and is part of "the apiserver" for every path alike.
 */
final class GzipFront implements AutoCloseable {
  /** kube-apiserver's threshold ({@code defaultGzipThresholdBytes}). */
  private static final long THRESHOLD = 128 * 1024;
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
      "accept-encoding", "expect", "keep-alive");

  private final Server server;
  private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String target;

  GzipFront(String mockUrl) throws Exception {
    this.target = mockUrl.endsWith("/") ? mockUrl.substring(0, mockUrl.length() - 1) : mockUrl;
    var pool = new QueuedThreadPool();
    pool.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(pool);
    var connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        try {
          forward(request, response);
          callback.succeeded();
        } catch (Exception e) {
          callback.failed(e);
        }
        return true;
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
  }

  private void forward(Request request, Response response) throws Exception {
    String query = request.getHttpURI().getQuery();
    var out = HttpRequest.newBuilder(URI.create(target + request.getHttpURI().getPath() + (query == null ? "" : "?" + query)));
    for (HttpField f : request.getHeaders()) {
      if (!HOP_BY_HOP.contains(f.getLowerCaseName())) {
        out.header(f.getName(), f.getValue());
      }
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readAllBytes();
    }
    out.method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<InputStream> answer = upstream.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.setStatus(answer.statusCode());
    answer.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        values.forEach(v -> response.getHeaders().add(name, v));
      }
    });
    long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
    String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
    boolean gzip = accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip") && (length < 0 || length > THRESHOLD);
    try (InputStream in = answer.body(); OutputStream sink = Content.Sink.asOutputStream(response)) {
      if (gzip) {
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        response.getHeaders().add(HttpHeader.VARY, "Accept-Encoding");
        try (var z = new GZIPOutputStream(sink, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
          in.transferTo(z);
        }
      } else {
        if (length >= 0) {
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
        in.transferTo(sink);
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
