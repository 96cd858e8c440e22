package io.periscope.authz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a person's IdP identity becomes the Kubernetes identity Periscope impersonates. */
public enum AuthorizationMode {
  /**
   * The same permissions for everyone: by default the server's own identity with no impersonation,
   * or (see {@link SharedIdentity#IMPERSONATE}) the person impersonated with one shared group.
   */
  SHARED,
  /** IdP groups map to built-in tiers; the highest tier's group is impersonated. */
  TIER,
  /** The person's own IdP groups, each prefixed so none can collide with a built-in group. */
  RAW;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AuthorizationMode> parse(String value) {
    return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst();
  }
}
