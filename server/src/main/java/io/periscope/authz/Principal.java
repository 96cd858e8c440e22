package io.periscope.authz;

import java.util.List;

/** A person authenticated by the IdP: the OIDC subject, email and the raw IdP groups. */
public record Principal(String subject, String email, List<String> groups) {
  public Principal {
    groups = List.copyOf(groups);
  }

  /** Same subject, email and set of groups (the IdP's group order carries no meaning). */
  public boolean sameIdentityAs(Principal other) {
    return subject.equals(other.subject) && java.util.Objects.equals(email, other.email)
        && java.util.Set.copyOf(groups).equals(java.util.Set.copyOf(other.groups));
  }
}
