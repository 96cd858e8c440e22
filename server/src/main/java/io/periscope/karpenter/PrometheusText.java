package io.periscope.karpenter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4, which the Karpenter controller
 * serves on {@code /metrics}): one sample per line, {@code name{label="value",...} value [timestamp]},
 * with {@code # HELP} / {@code # TYPE} and other comments skipped. Label values may hold the escapes
 * {@code \\}, {@code \"} and {@code \n}; values may be {@code NaN}, {@code +Inf} or {@code -Inf}.
 *
 * <p>Written here because no maintained Java library parses the format (the Prometheus Java client
 * only writes it). A malformed line is reported with its line number and skipped, so one bad series
 * does not hide the others.
 */
public final class PrometheusText {
  private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private PrometheusText() {}

  /** One sample: metric name (for histograms and summaries including the {@code _bucket}/{@code _sum} suffix), labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  /** Every sample that parsed, and one problem per line that did not. */
  public record Parsed(List<Sample> samples, List<String> problems) {}

  public static Parsed parse(String text) {
    List<Sample> samples = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(new LineReader(line).sample());
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Parsed(samples, problems);
  }

  /** Reads one sample line left to right. */
  private static final class LineReader {
    private final String s;
    private int pos;

    LineReader(String line) {
      this.s = line;
    }

    Sample sample() {
      String name = name();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("expected a metric name");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      skipBlanks();
      if (peek() == '{') {
        pos++;
        labels(labels);
      }
      skipBlanks();
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      double value = value(s.substring(start, pos));
      skipBlanks();
      if (pos < s.length()) {
        timestamp(s.substring(pos));
      }
      return new Sample(name, labels, value);
    }

    private String name() {
      int start = pos;
      while (pos < s.length() && isNameChar(s.charAt(pos), pos == start)) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private static boolean isNameChar(char c, boolean first) {
      return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private void labels(Map<String, String> into) {
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          return;
        }
        String key = name();
        if (key.isEmpty()) {
          throw new IllegalArgumentException("expected a label name at column " + (pos + 1));
        }
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        into.put(key, quoted());
        skipBlanks();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
        }
      }
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\' && pos < s.length()) {
          char e = s.charAt(pos++);
          switch (e) {
            case 'n' -> out.append('\n');
            case '\\' -> out.append('\\');
            case '"' -> out.append('"');
            default -> out.append('\\').append(e);
          }
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private static double value(String text) {
      return switch (text) {
        case "" -> throw new IllegalArgumentException("missing value");
        case "NaN" -> Double.NaN;
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> {
          // Go's float syntax as the format uses it; Java's parser alone would also take "1d" or hex floats.
          if (!FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
          }
          yield Double.parseDouble(text);
        }
      };
    }

    private static void timestamp(String text) {
      try {
        Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text.strip() + "' is not a timestamp");
      }
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private void skipBlanks() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }
  }
}
