package io.periscope.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a log stream line by line with bounded memory: a line longer than {@link #MAX_LINE_BYTES}
 * comes out in pieces (cut on a UTF-8 character boundary), so one runaway line cannot grow a
 * buffer without limit. The last line is returned even without its newline.
 */
public final class LogLineReader {
  public static final int MAX_LINE_BYTES = 64 * 1024;

  private final InputStream in;
  private byte[] buf = new byte[8 * 1024];
  private int start;
  private int end;
  private boolean eof;
  /** The line last returned was cut at {@link #MAX_LINE_BYTES}: the next one is the rest of it. */
  private boolean cut;
  private boolean continues;

  public LogLineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its {@code \n} (and {@code \r}), or null at the end of the stream. */
  public String readLine() throws IOException {
    int scanned = 0; // bytes after start already looked at (fill() moves start, so not an index)
    while (true) {
      for (int i = start + scanned; i < end; i++) {
        if (buf[i] == '\n') {
          return take(i, i + 1);
        }
      }
      scanned = end - start;
      if (end - start > MAX_LINE_BYTES) { // one byte more than a piece: a newline right after it ends the line instead
        return take(boundary(start + MAX_LINE_BYTES), -1);
      }
      if (eof || !fill()) {
        eof = true;
        return start < end ? take(end, end) : null;
      }
    }
  }

  /** Whether the line last returned is the rest of a longer one cut before it (it carries no time stamp of its own). */
  public boolean continuesPrevious() {
    return continues;
  }

  /** Whether a whole line is already buffered: the caller may write on before it flushes. */
  public boolean hasBufferedLine() {
    for (int i = start; i < end; i++) {
      if (buf[i] == '\n') {
        return true;
      }
    }
    return false;
  }

  private String take(int lineEnd, int next) {
    int stop = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    String line = new String(buf, start, stop - start, StandardCharsets.UTF_8);
    start = next < 0 ? lineEnd : next;
    continues = cut;
    cut = next < 0;
    return line;
  }

  /**
   * Moves the cut back to the start of a UTF-8 character that would not end before it, so a
   * character is never split (looking only at bytes before the cut: the next may not be read yet).
   */
  private int boundary(int cut) {
    int lead = cut - 1;
    while (lead > start && (buf[lead] & 0xC0) == 0x80) {
      lead--;
    }
    int b = buf[lead] & 0xFF;
    int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return lead > start && lead + length > cut ? lead : cut;
  }

  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_BYTES + 8 * 1024));
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }
}
