package io.periscope.auth;

import io.periscope.problem.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for IdP group names: a name that cannot travel as an {@code Impersonate-Group}
 * header value — control characters (CR/LF would split the header) or longer than
 * {@link #MAX_LENGTH} — is dropped when the identity is read, so no client path ever sees it.
 */
public final class GroupNames {
  public static final int MAX_LENGTH = 256;

  private GroupNames() {}

  /** The kept names, and the dropped ones printably escaped for logs and the audit note. */
  public record Filtered(List<String> kept, List<String> dropped) {}

  public static Filtered filter(List<String> raw) {
    List<String> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String g : raw) {
      if (g == null || g.isEmpty()) {
        continue;
      }
      if (g.length() > MAX_LENGTH || g.chars().anyMatch(GroupNames::control)) {
        dropped.add(Printable.escaped(g));
      } else {
        kept.add(g);
      }
    }
    return new Filtered(kept, dropped);
  }

  private static boolean control(int c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
  }
}
