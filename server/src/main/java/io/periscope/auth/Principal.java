package io.periscope.auth;

import java.util.List;

/** A person authenticated by the IdP: the OIDC subject, email and the raw IdP groups. */
public record Principal(String subject, String email, List<String> groups) {
  public Principal {
    groups = List.copyOf(groups);
  }
}
