package io.periscope.authz;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Turns a logged-in person into the identity Periscope impersonates, per the configured mode. */
public final class IdentityResolver {
  private final AuthorizationPolicy policy;

  public IdentityResolver(AuthorizationPolicy policy) {
    this.policy = policy;
  }

  public AuthorizationPolicy policy() {
    return policy;
  }

  /**
   * @throws NoIdentityException when the mode yields nothing to impersonate (tier mode, no mapped
   *     group, empty default tier) or the subject itself is a reserved {@code system:} name
   */
  public ImpersonatedIdentity resolve(Principal principal) {
    if (principal.subject().startsWith("system:")) {
      throw new NoIdentityException(
          "subject '" + principal.subject() + "' uses the reserved system: prefix and is never impersonated");
    }
    return switch (policy.mode()) {
      case SHARED -> new ImpersonatedIdentity(principal.subject(), List.of(policy.sharedGroup()), Optional.empty());
      case TIER -> {
        Tier tier = tierOf(principal.groups())
            .orElseThrow(() -> new NoIdentityException(
                "none of your IdP groups " + principal.groups()
                    + " is mapped in auth.authorization.groupTiers and auth.authorization.defaultTier is empty"));
        yield new ImpersonatedIdentity(principal.subject(), List.of(tier.impersonatedGroup()), Optional.of(tier));
      }
      case RAW -> new ImpersonatedIdentity(
          principal.subject(),
          principal.groups().stream().distinct().map(g -> policy.groupPrefix() + g).toList(),
          Optional.empty());
    };
  }

  /** The tier a person holds in tier mode: highest mapped tier, else the default tier. */
  public Optional<Tier> tierOf(List<String> idpGroups) {
    Optional<Tier> mapped = idpGroups.stream()
        .map(policy.groupTiers()::get)
        .filter(t -> t != null)
        .max(Comparator.naturalOrder());
    return mapped.isPresent() ? mapped : policy.defaultTier();
  }
}
