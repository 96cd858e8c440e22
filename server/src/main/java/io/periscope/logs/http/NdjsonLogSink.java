package io.periscope.logs.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.periscope.json.Json;
import io.periscope.logs.LogLine;
import io.periscope.logs.SkipReason;
import io.periscope.logs.WorkloadLogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A workload's logs as newline-delimited JSON, one event per line ({@code selector}, {@code open},
 * {@code line}, {@code end}, {@code error}, {@code skipped}, {@code heartbeat}); docs/api.md lists
 * the fields. One lock serializes the readers' writes.
 */
final class NdjsonLogSink implements WorkloadLogSink {
  static final String CONTENT_TYPE = "application/x-ndjson";

  private final OutputStream out;
  private final ReentrantLock lock = new ReentrantLock();

  NdjsonLogSink(OutputStream out) {
    this.out = out;
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private void event(String type, Fields fields) throws IOException {
    lock.lock();
    try {
      JsonGenerator g = Json.mapper().getFactory().createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      // Its flush below only empties the generator into the response's buffer: the network write
      // waits for flush() (once per chunk read from a kubelet), not one per line.
      g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      g.writeStartObject();
      g.writeStringField("type", type);
      fields.write(g);
      g.writeEndObject();
      g.flush();
      out.write('\n');
    } finally {
      lock.unlock();
    }
  }

  private static void source(JsonGenerator g, Source s) throws IOException {
    g.writeStringField("pod", s.pod());
    g.writeStringField("container", s.container());
  }

  @Override
  public void selector(String selector, int limit) throws IOException {
    event("selector", g -> {
      g.writeStringField("selector", selector);
      g.writeNumberField("limit", limit);
    });
  }

  @Override
  public void opened(Source s) throws IOException {
    event("open", g -> source(g, s));
  }

  @Override
  public void line(Source s, LogLine line) throws IOException {
    event("line", g -> {
      source(g, s);
      g.writeStringField("time", line.time());
      g.writeStringField("text", line.text());
    });
  }

  @Override
  public void ended(Source s) throws IOException {
    event("end", g -> source(g, s));
  }

  @Override
  public void refused(Source s, int code, String message) throws IOException {
    event("error", g -> {
      source(g, s);
      g.writeNumberField("code", code);
      g.writeStringField("message", message);
    });
  }

  @Override
  public void skipped(String pod, SkipReason reason, String message) throws IOException {
    event("skipped", g -> {
      g.writeStringField("pod", pod);
      g.writeStringField("reason", reason.wire());
      g.writeStringField("message", message);
    });
  }

  @Override
  public void failed(int code, String message) throws IOException {
    event("failed", g -> {
      g.writeNumberField("code", code);
      g.writeStringField("message", message);
    });
  }

  @Override
  public void heartbeat() throws IOException {
    event("heartbeat", g -> { });
  }

  @Override
  public void flush() throws IOException {
    lock.lock();
    try {
      out.flush();
    } finally {
      lock.unlock();
    }
  }
}
