package io.periscope.authz;

import java.util.List;
import java.util.Optional;

/**
 * Exactly what goes into {@code Impersonate-User} / {@code Impersonate-Group} for one person.
 * Construction refuses any {@code system:} group or user, also behind blanks, so no code path can send one.
 */
public record ImpersonatedIdentity(String user, List<String> groups, Optional<Tier> tier) {
  public ImpersonatedIdentity {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("impersonated user must not be empty");
    }
    if (reserved(user)) {
      throw new IllegalArgumentException("refusing to impersonate system user " + user);
    }
    groups = List.copyOf(groups);
    for (String g : groups) {
      if (reserved(g)) {
        throw new IllegalArgumentException("refusing to impersonate system group " + g);
      }
    }
  }

  /** A {@code system:} name as the apiserver reads it: it trims the blanks around a header value. */
  public static boolean reserved(String name) {
    return name.strip().startsWith("system:");
  }
}
