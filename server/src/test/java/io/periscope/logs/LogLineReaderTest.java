package io.periscope.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of a log stream with bounded memory, and the kubelet's stamp split off each. */
class LogLineReaderTest {

  private static List<String> lines(InputStream in) throws IOException {
    var reader = new LogLineReader(in);
    List<String> out = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      out.add(line);
    }
    return out;
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream that hands out at most {@code n} bytes per read, as a network stream may. */
  private static InputStream trickle(String s, int n) {
    byte[] all = s.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      int at;

      @Override
      public int read() {
        return at < all.length ? all[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= all.length) {
          return -1;
        }
        int k = Math.min(Math.min(len, n), all.length - at);
        System.arraycopy(all, at, b, off, k);
        at += k;
        return k;
      }
    };
  }

  @Test
  void linesEndAtNewlinesWithTheirCarriageReturnDroppedAndTheLastNeedsNone() throws Exception {
    assertThat(lines(bytes("one\r\ntwo\n\nfour"))).containsExactly("one", "two", "", "four");
    assertThat(lines(trickle("über\nnaïve café\n", 3))).containsExactly("über", "naïve café");
    assertThat(lines(bytes(""))).isEmpty();
    // A newline that arrives in the read after the buffer was compacted still ends its line.
    assertThat(lines(trickle("ab\ncd\nef\n", 4))).containsExactly("ab", "cd", "ef");
    assertThat(lines(trickle("x".repeat(9000) + "\nshort\n" + "y".repeat(20000) + "\nz\n", 1000)))
        .containsExactly("x".repeat(9000), "short", "y".repeat(20000), "z");
  }

  @Test
  void aRunawayLineComesOutInPiecesCutBetweenCharacters() throws Exception {
    // 'é' is two bytes: an odd cut point would fall inside one.
    String runaway = "é".repeat(LogLineReader.MAX_LINE_BYTES) + "\nafter\n";

    List<String> out = lines(trickle(runaway, 4096));

    assertThat(out).hasSize(3);
    assertThat(out.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogLineReader.MAX_LINE_BYTES);
    assertThat(String.join("", out.subList(0, 2))).isEqualTo("é".repeat(LogLineReader.MAX_LINE_BYTES));
    assertThat(out.get(0)).doesNotContain("\uFFFD");
    assertThat(out.get(2)).isEqualTo("after");
  }

  @Test
  void theKubeletsStampIsSplitOffWithItsNanosecondsKeptAndALineWithoutOneKeepsAllItsText() {
    LogLine stamped = LogLine.parse("2026-12-01T10:00:01.123456789Z level=info msg=\"ok\"");
    assertThat(stamped.time()).isEqualTo("2026-12-01T10:00:01.123456789Z");
    assertThat(stamped.at()).isEqualTo(Instant.parse("2026-12-01T10:00:01.123456789Z"));
    assertThat(stamped.text()).isEqualTo("level=info msg=\"ok\"");
    assertThat(LogLine.parse("2026-12-01T12:00:01+02:00 offset").at()).isEqualTo(Instant.parse("2026-12-01T10:00:01Z"));
    assertThat(LogLine.parse("panic: runtime error")).isEqualTo(new LogLine(null, null, "panic: runtime error"));
    assertThat(LogLine.parse("not-a-time-but-long-enough-x text")).isEqualTo(new LogLine(null, null, "not-a-time-but-long-enough-x text"));
  }

  @Test
  void theRestOfACutLineKeepsTheKubeletsStampOfItsFirstPiece() throws Exception {
    String stamp = "2026-12-01T10:00:01.5Z";
    // The rest of the cut line begins like a stamp: it is text all the same.
    String body = "x".repeat(LogLineReader.MAX_LINE_BYTES * 2) + "2026-12-01T11:11:11Z tail";
    var reader = new LogLineReader(trickle(stamp + " " + body + "\n2026-12-01T10:00:02Z next\n", 8192));
    List<LogLine> out = new ArrayList<>();
    String raw;
    LogLine previous = null;
    while ((raw = reader.readLine()) != null) {
      previous = LogLine.next(reader, raw, previous);
      out.add(previous);
    }

    assertThat(out).hasSizeGreaterThan(2);
    List<LogLine> pieces = out.subList(0, out.size() - 1);
    assertThat(pieces).extracting(LogLine::time).containsOnly(stamp);
    assertThat(pieces.stream().map(LogLine::text).reduce("", String::concat)).isEqualTo(body);
    assertThat(out.getLast()).isEqualTo(LogLine.parse("2026-12-01T10:00:02Z next"));
  }
}
