package io.periscope.stream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.periscope.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the {@code text/event-stream} format and flushes every message; a gone browser is an IOException. */
final class SseWriter implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private final OutputStream out;

  SseWriter(Context ctx) throws IOException {
    var res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    out = res.getOutputStream();
  }

  void comment(String text) throws IOException {
    write(": " + text + "\n\n");
  }

  void event(String type, String id, Object data) throws IOException {
    StringBuilder sb = new StringBuilder();
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: ").append(type).append('\n');
    sb.append("data: ").append(JSON.writeValueAsString(data)).append("\n\n");
    write(sb.toString());
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    // the container completes the response when the handler returns
  }
}
