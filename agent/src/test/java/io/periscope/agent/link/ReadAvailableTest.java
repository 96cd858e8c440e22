package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAvailableTest {
  /** Hands out one piece per read and reports only the rest of the current piece as available, like a socket. */
  private static InputStream pieces(String... parts) {
    List<InputStream> streams = java.util.Arrays.stream(parts).map(p -> (InputStream) new ByteArrayInputStream(p.getBytes())).toList();
    return new SequenceInputStream(Collections.enumeration(streams));
  }

  @Test
  void gathersWhatIsAlreadyBufferedIntoOneChunk() throws Exception {
    // SequenceInputStream reports the current piece's remainder; a stream with everything buffered fills the chunk.
    InputStream in = new ByteArrayInputStream("a".repeat(100).getBytes()) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 10)); // returns small pieces, like a socket buffer at a time
      }
    };
    byte[] buf = new byte[64];
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(64);
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(36);
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(-1);
  }

  @Test
  void returnsALineAtOnceWhenNothingMoreIsBuffered() throws Exception {
    // After the first piece nothing is available, so the line leaves without waiting for the next one.
    InputStream in = pieces("line 1\n", "line 2\n");
    byte[] buf = new byte[64];
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(7);
    assertThat(new String(buf, 0, 7)).isEqualTo("line 1\n");
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(7);
    assertThat(ProxyHandler.readAvailable(in, buf)).isEqualTo(-1);
  }
}
