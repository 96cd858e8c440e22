package io.periscope.authz;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Turns a logged-in person into the identity Periscope acts as on clusters, per the configured mode. */
public final class IdentityResolver {
  private final AuthorizationPolicy policy;

  public IdentityResolver(AuthorizationPolicy policy) {
    this.policy = policy;
  }

  public AuthorizationPolicy policy() {
    return policy;
  }

  /**
   * Whom to impersonate for this person; empty when requests go as the server's own identity
   * (shared mode with {@link SharedIdentity#SERVER}), which carries no {@code Impersonate-*} header.
   *
   * @throws NoIdentityException when the mode yields nothing to impersonate (tier mode, no mapped
   *     group, empty default tier) or the subject itself is a reserved {@code system:} name
   */
  public Optional<ImpersonatedIdentity> resolve(Principal principal) {
    if (ImpersonatedIdentity.reserved(principal.subject())) {
      throw new NoIdentityException(
          "subject '" + principal.subject() + "' uses the reserved system: prefix and is never impersonated");
    }
    return switch (policy.mode()) {
      case SHARED -> policy.sharedIdentity() == SharedIdentity.SERVER
          ? Optional.empty()
          : Optional.of(new ImpersonatedIdentity(principal.subject(), List.of(policy.sharedGroup()), Optional.empty()));
      case TIER -> {
        Tier tier = tierOf(principal.groups())
            .orElseThrow(() -> new NoIdentityException(noTierMessage(principal.groups())));
        yield Optional.of(new ImpersonatedIdentity(principal.subject(), List.of(tier.impersonatedGroup()), Optional.of(tier)));
      }
      case RAW -> Optional.of(new ImpersonatedIdentity(
          principal.subject(),
          principal.groups().stream().distinct().map(g -> policy.groupPrefix() + g).toList(),
          Optional.empty()));
    };
  }

  /** Said to the person first, then to whoever administers Periscope (the setting to change). */
  static String noTierMessage(List<String> groups) {
    String theirs = groups.isEmpty() ? "your sign-in carries no group" : "none of your groups (" + String.join(", ", groups) + ") gives access";
    return "You have no access to the clusters: " + theirs + ". Ask your Periscope administrator to map one of your groups to a tier"
        + " (auth.authorization.groupTiers; auth.authorization.defaultTier is empty).";
  }

  /** The tier a person holds in tier mode: highest mapped tier, else the default tier. */
  public Optional<Tier> tierOf(List<String> idpGroups) {
    Optional<Tier> mapped = idpGroups.stream()
        .map(policy.groupTiers()::get)
        .filter(t -> t != null)
        .max(Comparator.naturalOrder());
    return mapped.isPresent() ? mapped : policy.defaultTier();
  }

  /**
   * Whether this person reads everyone's audit rows. {@code auditAdminGroups}, when set, decides
   * alone in every mode (a tier admin outside it is not an audit admin). Otherwise each mode has
   * its fallback: tier mode the {@code admin} tier; shared mode membership of
   * {@code allowedGroups} when that is set; raw mode nobody, since Periscope knows nothing of
   * who is an administrator there.
   */
  public boolean isAuditAdmin(List<String> idpGroups) {
    if (!policy.auditAdminGroups().isEmpty()) {
      return idpGroups.stream().anyMatch(policy.auditAdminGroups()::contains);
    }
    return switch (policy.mode()) {
      case TIER -> tierOf(idpGroups).filter(t -> t == Tier.ADMIN).isPresent();
      case SHARED -> !policy.allowedGroups().isEmpty() && idpGroups.stream().anyMatch(policy.allowedGroups()::contains);
      case RAW -> false;
    };
  }

  /**
   * Whether this person administers the console itself: agents (mint, deregister, revoke, rotate the
   * CA) and ending other people's sessions. Tier mode's {@code admin} tier, or an explicit
   * {@code auditAdminGroups} member; never shared mode's fallback, under which everyone admitted
   * reads the audit log: a registration token would let anyone put their own agent in front of a
   * cluster every other person then talks to.
   */
  public boolean isAdministrator(List<String> idpGroups) {
    boolean tierAdmin = policy.mode() == AuthorizationMode.TIER && tierOf(idpGroups).filter(t -> t == Tier.ADMIN).isPresent();
    return tierAdmin || idpGroups.stream().anyMatch(policy.auditAdminGroups()::contains);
  }
}
