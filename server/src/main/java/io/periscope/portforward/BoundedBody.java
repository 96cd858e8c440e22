package io.periscope.portforward;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body of {@code Content-Length} bytes: ends there even if the pod keeps the connection open. */
final class BoundedBody extends FilterInputStream {
  private long left;

  BoundedBody(InputStream in, long length) {
    super(in);
    this.left = length;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left <= 0) {
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }
}
