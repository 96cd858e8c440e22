package io.periscope.authz;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's authorization settings (config key {@code auth.authorization}).
 *
 * @param groupTiers IdP group name → tier (tier mode)
 * @param defaultTier tier for users in no mapped group; empty denies them
 * @param groupPrefix prefix for IdP groups in raw mode (default {@code periscope:})
 * @param sharedIdentity shared mode: the server's own identity, or the person with {@code sharedGroup}
 * @param sharedGroup the group every user impersonates in shared mode with {@link SharedIdentity#IMPERSONATE}
 * @param auditAdminGroups IdP groups whose members read everyone's audit rows
 * @param allowedGroups IdP groups whose members may sign in; empty admits everyone the IdP admits
 */
public record AuthorizationPolicy(
    AuthorizationMode mode,
    Map<String, Tier> groupTiers,
    Optional<Tier> defaultTier,
    String groupPrefix,
    SharedIdentity sharedIdentity,
    String sharedGroup,
    Set<String> auditAdminGroups,
    Set<String> allowedGroups) {

  public static final String DEFAULT_GROUP_PREFIX = "periscope:";
  public static final String DEFAULT_SHARED_GROUP = "periscope-shared";

  public AuthorizationPolicy {
    groupTiers = Map.copyOf(groupTiers);
    auditAdminGroups = Set.copyOf(auditAdminGroups);
    allowedGroups = Set.copyOf(allowedGroups);
  }

  /** False only in shared mode with the server's own identity: then no request carries {@code Impersonate-*}. */
  public boolean impersonates() {
    return mode != AuthorizationMode.SHARED || sharedIdentity == SharedIdentity.IMPERSONATE;
  }

  /** Whether someone with these IdP groups may sign in ({@code allowedGroups} empty: everyone). */
  public boolean admits(List<String> idpGroups) {
    return allowedGroups.isEmpty() || idpGroups.stream().anyMatch(allowedGroups::contains);
  }
}
