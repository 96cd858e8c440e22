package io.periscope.helm;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;
import java.util.regex.Pattern;

/** Line-based unified diff ({@code diff -u} format, three lines of context), by java-diff-utils. */
public final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** An empty string when the texts are equal. */
  public static String diff(String fromName, String toName, String from, String to) {
    List<String> a = lines(from);
    List<String> b = lines(to);
    var patch = DiffUtils.diff(a, b);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String line : UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, CONTEXT)) {
      out.append(line.startsWith("@@") ? emptyRangesAsDiffWritesThem(line) : line).append('\n');
    }
    return out.toString();
  }

  /**
   * {@code diff -u} names an empty range by the line before it ({@code -0,0} for an insertion at
   * the top); java-diff-utils by the line after it ({@code -1,0}). Tools that apply patches expect the former.
   */
  private static String emptyRangesAsDiffWritesThem(String header) {
    return EMPTY_RANGE.matcher(header).replaceAll(m -> m.group(1) + (Integer.parseInt(m.group(2)) - 1) + ",0");
  }

  private static final Pattern EMPTY_RANGE = Pattern.compile("([-+])(\\d+),0\\b");

  private static List<String> lines(String s) {
    return s == null || s.isEmpty() ? List.of() : s.lines().toList();
  }
}
