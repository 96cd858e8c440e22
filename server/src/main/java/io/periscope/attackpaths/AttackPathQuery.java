package io.periscope.attackpaths;

import io.periscope.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whose attack paths: a Kubernetes user name and/or groups (as the IdP hands them to the apiserver).
 * Every authenticated user is also in {@code system:authenticated}, so bindings to it count too.
 * Validated here, so a bad question is a 400 before any read.
 */
public record AttackPathQuery(Optional<String> user, List<String> groups) {
  /** The group every authenticated request carries. */
  public static final String AUTHENTICATED = "system:authenticated";
  private static final int MAX_GROUPS = 20;
  private static final int MAX_NAME = 253;

  public AttackPathQuery {
    user = user.map(String::strip).filter(u -> !u.isEmpty());
    user.ifPresent(u -> check("user", u));
    List<String> clean = new ArrayList<>();
    for (String g : groups) {
      String name = g == null ? "" : g.strip();
      if (!name.isEmpty() && !clean.contains(name)) {
        check("group", name);
        clean.add(name);
      }
    }
    if (clean.size() > MAX_GROUPS) {
      throw Problem.badRequest("at most " + MAX_GROUPS + " groups, got " + clean.size());
    }
    if (user.isEmpty() && clean.isEmpty()) {
      throw Problem.badRequest("name a user (user=) or at least one group (group=) whose attack paths to show");
    }
    groups = List.copyOf(clean);
  }

  /** Whether a binding's subject is this person or one of their groups ({@code system:authenticated} included). */
  public boolean names(String kind, String name) {
    return switch (kind) {
      case "User" -> user.isPresent() && user.get().equals(name);
      case "Group" -> groups.contains(name) || name.equals(AUTHENTICATED);
      default -> false;
    };
  }

  private static void check(String what, String name) {
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw Problem.badRequest(what + " must be a name of at most " + MAX_NAME + " printable characters");
    }
  }
}
