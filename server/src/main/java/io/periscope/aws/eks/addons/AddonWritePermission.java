package io.periscope.aws.eks.addons;

import io.periscope.auth.AuthenticatedUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.Tier;
import io.periscope.problem.Problem;
import java.util.Set;

/**
 * Who may install, update or delete EKS add-ons. The write runs with the server's AWS identity
 * (there is no per-person AWS identity), so the decision is Periscope's: tier {@code maintain} or
 * above in tier mode; in the other modes, membership of one of the IdP groups in
 * {@code aws.addons.writeGroups} (none by default: nobody).
 */
public final class AddonWritePermission {
  public static final Tier MINIMUM_TIER = Tier.MAINTAIN;
  private final Set<String> writeGroups;

  public AddonWritePermission(Set<String> writeGroups) {
    this.writeGroups = Set.copyOf(writeGroups);
  }

  public boolean allows(AuthenticatedUser user) {
    if (user.mode() == AuthorizationMode.TIER) {
      return user.tier().filter(t -> t.compareTo(MINIMUM_TIER) >= 0).isPresent();
    }
    return user.principal().groups().stream().anyMatch(writeGroups::contains);
  }

  /** The rule in words, for the console and for refusals. */
  public String rule(AuthorizationMode mode) {
    return mode == AuthorizationMode.TIER
        ? "add-on changes need tier " + MINIMUM_TIER.wireName() + " or above"
        : writeGroups.isEmpty() ? "add-on changes are off: aws.addons.writeGroups names no IdP group"
        : "add-on changes need membership of one of the IdP groups in aws.addons.writeGroups";
  }

  /** @throws Problem 403 naming the rule when the person may not write add-ons */
  public void check(AuthenticatedUser user) {
    if (!allows(user)) {
      String held = user.mode() == AuthorizationMode.TIER ? "your tier is " + user.tier().map(Tier::wireName).orElse("none") : "your groups are "
          + user.principal().groups();
      throw Problem.forbidden(rule(user.mode()) + " (" + held + ")");
    }
  }
}
