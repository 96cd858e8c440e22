package io.periscope.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * Line-based unified diff ({@code diff -u} format, three lines of context) using Myers' O(ND)
 * algorithm after trimming the common prefix and suffix. When the files differ in more than
 * {@value #MAX_EDIT_DISTANCE} lines the middle is shown as one replacement, which keeps memory
 * bounded for unrelated inputs.
 */
public final class UnifiedDiff {
  static final int MAX_EDIT_DISTANCE = 2000;
  private static final int CONTEXT = 3;

  private enum Op { EQUAL, DELETE, INSERT }

  private record Edit(Op op, String line) {}

  private UnifiedDiff() {}

  /** An empty string when the texts are equal. */
  public static String diff(String fromName, String toName, String from, String to) {
    List<String> a = lines(from);
    List<String> b = lines(to);
    List<Edit> edits = edits(a, b);
    if (edits.stream().allMatch(e -> e.op() == Op.EQUAL)) {
      return "";
    }
    StringBuilder out = new StringBuilder("--- ").append(fromName).append("\n+++ ").append(toName).append('\n');
    appendHunks(out, edits);
    return out.toString();
  }

  private static List<String> lines(String s) {
    if (s == null || s.isEmpty()) {
      return List.of();
    }
    String[] parts = s.split("\n", -1);
    int count = s.endsWith("\n") ? parts.length - 1 : parts.length;
    return List.of(parts).subList(0, count);
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int pre = 0;
    while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) {
      pre++;
    }
    int suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a.get(a.size() - 1 - suf).equals(b.get(b.size() - 1 - suf))) {
      suf++;
    }
    List<Edit> out = new ArrayList<>();
    a.subList(0, pre).forEach(l -> out.add(new Edit(Op.EQUAL, l)));
    out.addAll(myers(a.subList(pre, a.size() - suf), b.subList(pre, b.size() - suf)));
    a.subList(a.size() - suf, a.size()).forEach(l -> out.add(new Edit(Op.EQUAL, l)));
    return out;
  }

  private static List<Edit> myers(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = Math.min(n + m, MAX_EDIT_DISTANCE);
    int off = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    for (int d = 0; d <= max; d++) {
      trace.add(window(v, off, d));
      for (int k = -d; k <= d; k += 2) {
        int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[off + k] = x;
        if (x >= n && y >= m) {
          return backtrack(a, b, trace);
        }
      }
    }
    List<Edit> replace = new ArrayList<>();
    a.forEach(l -> replace.add(new Edit(Op.DELETE, l)));
    b.forEach(l -> replace.add(new Edit(Op.INSERT, l)));
    return replace;
  }

  /** V for diagonals -(d+1)..d+1, as it stood before round d. */
  private static int[] window(int[] v, int off, int d) {
    int[] w = new int[2 * d + 3];
    System.arraycopy(v, off - d - 1, w, 0, 2 * d + 3);
    return w;
  }

  private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> trace) {
    List<Edit> rev = new ArrayList<>();
    int x = a.size();
    int y = b.size();
    for (int d = trace.size() - 1; d >= 0; d--) {
      int[] v = trace.get(d);
      int w = d + 1; // index of diagonal 0 in the window
      int k = x - y;
      int prevK = (k == -d || (k != d && v[w + k - 1] < v[w + k + 1])) ? k + 1 : k - 1;
      int prevX = d == 0 ? 0 : v[w + prevK];
      int prevY = d == 0 ? 0 : prevX - prevK;
      while (x > prevX && y > prevY) {
        rev.add(new Edit(Op.EQUAL, a.get(x - 1)));
        x--;
        y--;
      }
      if (d > 0) {
        if (x == prevX) {
          rev.add(new Edit(Op.INSERT, b.get(y - 1)));
        } else {
          rev.add(new Edit(Op.DELETE, a.get(x - 1)));
        }
      }
      x = prevX;
      y = prevY;
    }
    return rev.reversed();
  }

  private static void appendHunks(StringBuilder out, List<Edit> edits) {
    int size = edits.size();
    int[] aBefore = new int[size + 1];
    int[] bBefore = new int[size + 1];
    for (int i = 0; i < size; i++) {
      Op op = edits.get(i).op();
      aBefore[i + 1] = aBefore[i] + (op == Op.INSERT ? 0 : 1);
      bBefore[i + 1] = bBefore[i] + (op == Op.DELETE ? 0 : 1);
    }
    int i = 0;
    while (i < size) {
      if (edits.get(i).op() == Op.EQUAL) {
        i++;
        continue;
      }
      int lastChange = i;
      int j = i + 1;
      while (j < size) {
        if (edits.get(j).op() != Op.EQUAL) {
          if (j - lastChange - 1 > 2 * CONTEXT) {
            break;
          }
          lastChange = j;
        }
        j++;
      }
      int from = Math.max(0, i - CONTEXT);
      int to = Math.min(size, lastChange + 1 + CONTEXT);
      int aCount = aBefore[to] - aBefore[from];
      int bCount = bBefore[to] - bBefore[from];
      out.append("@@ -").append(aBefore[from] + (aCount == 0 ? 0 : 1)).append(',').append(aCount)
          .append(" +").append(bBefore[from] + (bCount == 0 ? 0 : 1)).append(',').append(bCount).append(" @@\n");
      for (int e = from; e < to; e++) {
        Edit edit = edits.get(e);
        char mark = switch (edit.op()) {
          case EQUAL -> ' ';
          case DELETE -> '-';
          case INSERT -> '+';
        };
        out.append(mark).append(edit.line()).append('\n');
      }
      i = to;
    }
  }
}
