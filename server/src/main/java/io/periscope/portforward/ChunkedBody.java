package io.periscope.portforward;

import java.io.IOException;
import java.io.InputStream;

/** Decodes {@code Transfer-Encoding: chunked} (RFC 9112 §7.1); trailers are read and dropped. */
final class ChunkedBody extends InputStream {
  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedBody(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (left == 0 && !nextChunk()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new IOException("the pod closed the connection in the middle of a chunk");
    }
    left -= n;
    if (left == 0) {
      ForwardedHttp.line(in); // the CRLF after the chunk's data
    }
    return n;
  }

  private boolean nextChunk() throws IOException {
    String size = ForwardedHttp.line(in);
    if (size == null) {
      throw new IOException("the pod closed the connection before the last chunk");
    }
    int semi = size.indexOf(';');
    try {
      left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size '" + size + "'");
    }
    if (left == 0) {
      for (String trailer = ForwardedHttp.line(in); trailer != null && !trailer.isEmpty(); trailer = ForwardedHttp.line(in)) {
        // trailers carry nothing the browser needs
      }
      done = true;
      return false;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
