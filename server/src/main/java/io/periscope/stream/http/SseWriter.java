package io.periscope.stream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.periscope.json.Json;
import io.periscope.stream.PreparedJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the {@code text/event-stream} format and flushes every message; a gone browser is an
 * IOException. Each message is assembled in a small reused buffer and handed to the container in
 * one write; a change's object is the bytes it was serialized to once for all streams
 * ({@link PreparedJson}), copied into that buffer only when the whole message fits it.
 */
final class SseWriter implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_SUBSCRIPTION = "data: {\"subscription\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_FIELD = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "}\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final int OUTPUT_BUFFER = 1024;
  private static final int MAX_REMEMBERED_IDS = 64;
  private final OutputStream out;
  private final Frame frame = new Frame();
  private final Map<String, byte[]> subscriptionIds = new HashMap<>();

  SseWriter(Context ctx) throws IOException {
    var res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    // Every message is flushed at once, so the container's default 32 KiB output buffer would only
    // sit idle per open stream; messages larger than this go out without being copied into it.
    res.setBufferSize(OUTPUT_BUFFER);
    out = res.getOutputStream();
  }

  void comment(String text) throws IOException {
    frame.reset();
    frame.ascii(": ").utf8(text).ascii("\n\n");
    send();
  }

  /** One event whose data is {@code {"subscription": ..., "data": ...}}. */
  void event(String type, String id, String subscription, Object data) throws IOException {
    frame.reset();
    if (id != null) {
      frame.write(ID);
      frame.utf8(id).ascii("\n");
    }
    frame.write(EVENT);
    frame.ascii(type).ascii("\n");
    frame.write(DATA_SUBSCRIPTION);
    frame.write(subscriptionJson(subscription));
    frame.write(DATA_FIELD);
    byte[] payload = data instanceof PreparedJson prepared ? prepared.utf8() : JSON.writeValueAsBytes(data);
    if (frame.size() + payload.length + END.length <= Frame.KEEP) {
      frame.reserve(payload.length + END.length);
      frame.write(payload);
      frame.write(END);
      send();
      return;
    }
    // A large object is not copied into a per-stream buffer (that was the biggest allocation per
    // event per stream): the head, then the shared bytes, then the end, flushed together.
    frame.writeTo(out);
    out.write(payload);
    out.write(END);
    out.flush();
    frame.reset();
  }

  /** The stream's few subscription ids are serialized once, not once per event. */
  private byte[] subscriptionJson(String subscription) throws IOException {
    byte[] json = subscriptionIds.get(subscription);
    if (json == null) {
      json = JSON.writeValueAsBytes(subscription);
      if (subscriptionIds.size() < MAX_REMEMBERED_IDS) {
        subscriptionIds.put(subscription, json);
      }
    }
    return json;
  }

  private void send() throws IOException {
    frame.writeTo(out);
    out.flush();
    frame.shrink();
  }

  /** The message being assembled; a large one's buffer is dropped afterwards so idle streams stay small. */
  private static final class Frame extends ByteArrayOutputStream {
    private static final int KEEP = 2048;

    Frame() {
      super(256);
    }

    Frame ascii(String s) {
      int n = s.length();
      for (int i = 0; i < n; i++) {
        write(s.charAt(i));
      }
      return this;
    }

    Frame utf8(String s) {
      write(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    /**
     * Room for {@code n} more bytes in one step: growing by doubling from the small initial size
     * overshot {@link #KEEP} for a typical 1.5 KB object, so the buffer was dropped and regrown on
     * every event.
     */
    void reserve(int n) {
      if (count + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(count + n, Math.min(KEEP, buf.length * 2)));
      }
    }

    void shrink() {
      if (buf.length > KEEP) {
        buf = new byte[256];
      }
      reset();
    }
  }

  @Override
  public void close() {
    // the container completes the response when the handler returns
  }
}
