package io.periscope.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void equalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.diff("a", "b", "x\ny\n", "x\ny\n")).isEmpty();
  }

  @Test
  void separateChangesBecomeSeparateHunksWithThreeLinesOfContext() {
    String a = IntStream.rangeClosed(1, 20).mapToObj(i -> "line" + i).collect(Collectors.joining("\n", "", "\n"));
    String b = a.replace("line2\n", "LINE2\n").replace("line18\n", "").replace("line20\n", "line20\nline21\n");

    String diff = UnifiedDiff.diff("old", "new", a, b);

    assertThat(diff).isEqualTo("""
        --- old
        +++ new
        @@ -1,5 +1,5 @@
         line1
        -line2
        +LINE2
         line3
         line4
         line5
        @@ -15,6 +15,6 @@
         line15
         line16
         line17
        -line18
         line19
         line20
        +line21
        """);
  }

  @Test
  void insertIntoEmptyAndDeleteEverything() {
    assertThat(UnifiedDiff.diff("a", "b", "", "one\n")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+one\n");
    assertThat(UnifiedDiff.diff("a", "b", "one\ntwo\n", "")).isEqualTo("--- a\n+++ b\n@@ -1,2 +0,0 @@\n-one\n-two\n");
  }

  @Test
  void unrelatedLargeInputsStayBounded() {
    String a = IntStream.range(0, 5000).mapToObj(i -> "a" + i).collect(Collectors.joining("\n"));
    String b = IntStream.range(0, 5000).mapToObj(i -> "b" + i).collect(Collectors.joining("\n"));

    String diff = UnifiedDiff.diff("a", "b", a, b);

    assertThat(diff.lines().filter(l -> l.startsWith("-a"))).hasSize(5000);
    assertThat(diff.lines().filter(l -> l.startsWith("+b"))).hasSize(5000);
  }
}
