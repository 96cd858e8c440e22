package io.periscope.problem;

/**
 * The one rule for quoting text a client, an IdP or a pod sent into an error message, a log line
 * or an audit row: only printable ASCII ({@code 0x20..0x7e}) passes as is, so no CR/LF splits a log
 * line or header, no escape sequence reaches a terminal, and no bidi override or look-alike letter
 * hides what was sent; and the result is cut, so one request cannot fill a row.
 */
public final class Printable {
  /** Characters of a value quoted in a message: enough to recognize it, short enough to read. */
  public static final int QUOTE = 80;

  private Printable() {}

  /** {@code s} cut to {@link #QUOTE} characters, see {@link #escaped(String, int)}. */
  public static String escaped(String s) {
    return escaped(s, QUOTE);
  }

  /**
   * {@code s} with every other character written {@code \\uXXXX} (each UTF-16 unit), so what was
   * sent stays recognizable; cut to at most {@code max} characters of that, then {@code …}.
   */
  public static String escaped(String s, int max) {
    return render(s, max, true);
  }

  /**
   * {@code s} with every other character left out, for text a person reads as a sentence (an
   * IdP's error, which RFC 6749 limits to printable ASCII); cut to {@code max} characters, then {@code …}.
   */
  public static String stripped(String s, int max) {
    return render(s, max, false);
  }

  private static String render(String s, int max, boolean escape) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 1);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String piece = c >= 0x20 && c <= 0x7e ? String.valueOf(c) : escape ? String.format("\\u%04x", (int) c) : "";
      if (out.length() + piece.length() > max) {
        return out.append('…').toString();
      }
      out.append(piece);
    }
    return out.toString();
  }
}
