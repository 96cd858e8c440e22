package io.periscope.aws.inspector;

import java.util.Locale;

/** Inspector's severities, worst first ({@code UNTRIAGED}: Inspector has not rated it yet). */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED;

  /** Inspector's label; anything unknown is untriaged. */
  public static Severity parse(String s) {
    if (s == null) {
      return UNTRIAGED;
    }
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNTRIAGED;
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
