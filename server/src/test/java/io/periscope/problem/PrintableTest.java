package io.periscope.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {
  static Stream<Arguments> escapedCases() {
    return Stream.of(
        arguments("plain ASCII passes as is", "kube-system ok!~", "kube-system ok!~"),
        arguments("CR/LF cannot split a line", "a\r\nSet-Cookie: x", "a\\u000d\\u000aSet-Cookie: x"),
        arguments("terminal escape and DEL", "\u001b[31mred\u007f", "\\u001b[31mred\\u007f"),
        arguments("C1 control", "x\u009by", "x\\u009by"),
        arguments("bidi override shows", "evil\u202etxt.exe", "evil\\u202etxt.exe"),
        arguments("look-alike letter shows", "kube-syst\u0435m", "kube-syst\\u0435m"),
        arguments("empty stays empty", "", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapedCases")
  void everythingButPrintableAsciiIsEscaped(String what, String sent, String shown) {
    assertThat(Printable.escaped(sent)).isEqualTo(shown);
  }

  static Stream<Arguments> strippedCases() {
    return Stream.of(
        arguments("CR/LF left out", "line one\r\nSet-Cookie: x", "line oneSet-Cookie: x"),
        arguments("non-ASCII left out", "f\u00fcr \u202eyou", "fr you"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strippedCases")
  void strippedLeavesEverythingButPrintableAsciiOut(String what, String sent, String shown) {
    assertThat(Printable.stripped(sent, 200)).isEqualTo(shown);
  }

  static Stream<Arguments> cutCases() {
    return Stream.of(
        arguments("exactly max is not cut", "abcde", 5, "abcde"),
        arguments("one more is cut and marked", "abcdef", 5, "abcde…"),
        arguments("an escape is never cut in half", "abc\ndef", 8, "abc…"),
        arguments("escapes count toward max", "\n\n", 12, "\\u000a\\u000a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cutCases")
  void theResultIsCutAtMaxThenMarked(String what, String sent, int max, String shown) {
    assertThat(Printable.escaped(sent, max)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "max {0}")
  @CsvSource({"1", "80", "253"})
  void noResultIsLongerThanMaxAndItsMark(int max) {
    String sent = "\u0000\u00e9\r\n".repeat(500);
    assertThat(Printable.escaped(sent, max)).hasSizeLessThanOrEqualTo(max + 1).endsWith("…");
    assertThat(Printable.stripped(sent + "a".repeat(500), max)).hasSize(max + 1).endsWith("…");
  }
}
