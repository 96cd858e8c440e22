package io.periscope.transport;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body that can be read in one of two ways (never both): fabric8's {@link AsyncBody}
 * contract (each {@link #consume()} hands the next piece to the consumer fabric8 passed in), or
 * {@link #relayTo}, where the calling thread pulls each piece and writes it straight to an output
 * stream. The relay needs no queue and no copy, and the apiserver is read only as fast as the
 * stream takes the bytes.
 */
public interface RelayableBody extends AsyncBody {
  /**
   * Writes the whole body to {@code out} on the calling thread.
   *
   * @param idle how long to wait for the next bytes before giving up
   * @throws IOException when the apiserver breaks off, goes quiet for {@code idle}, or {@code out}
   *     fails (the apiserver read is then abandoned)
   */
  void relayTo(OutputStream out, Duration idle) throws IOException;

  /**
   * Writes a buffer's remaining bytes without moving its position and without copying them when it
   * can: a buffer without an array (direct, or read-only) goes to Jetty's servlet stream as a buffer,
   * which its blocking write hands to the socket and is done with before returning; a heap buffer
   * goes as its array. Other streams of a direct buffer get a copy.
   */
  static void write(ByteBuffer b, OutputStream out) throws IOException {
    if (!b.hasArray() && out instanceof HttpOutput servletStream) {
      servletStream.write(b.duplicate());
    } else if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      out.write(copy);
    }
  }
}
