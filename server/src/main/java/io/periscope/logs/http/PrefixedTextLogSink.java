package io.periscope.logs.http;

import io.periscope.logs.LogLine;
import io.periscope.logs.SkipReason;
import io.periscope.logs.WorkloadLogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A workload's logs as a download: plain text, each line prefixed {@code [pod/container] } as
 * {@code kubectl logs --prefix} prints it, the kubelet's time first when asked; refusals and
 * skipped pods are written as lines of their own so the file says what it lacks.
 */
final class PrefixedTextLogSink implements WorkloadLogSink {
  private final OutputStream out;
  private final boolean timestamps;

  PrefixedTextLogSink(OutputStream out, boolean timestamps) {
    this.out = out;
    this.timestamps = timestamps;
  }

  private void write(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void selector(String selector, int limit) {}

  @Override
  public void opened(Source source) {}

  @Override
  public void line(Source s, LogLine line) throws IOException {
    write((timestamps && line.time() != null ? line.time() + " " : "") + "[" + s.pod() + "/" + s.container() + "] " + line.text() + "\n");
  }

  @Override
  public void ended(Source source) {}

  @Override
  public void refused(Source s, int code, String message) throws IOException {
    write("[" + s.pod() + "/" + s.container() + "] (not read: " + message + ")\n");
  }

  @Override
  public void skipped(String pod, SkipReason reason, String message) throws IOException {
    // A file is read by people: the message says why; the code is for the console's chip.
    write("[" + pod + "] (not read: " + message + ")\n");
  }

  @Override
  public void failed(int code, String message) throws IOException {
    write("(failed: " + message + ")\n");
  }

  @Override
  public void heartbeat() {}

  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
