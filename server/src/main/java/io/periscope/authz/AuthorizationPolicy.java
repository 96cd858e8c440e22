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
 * @param sharedGroup the group every user impersonates in shared mode
 * @param auditAdminGroups IdP groups whose members read everyone's audit rows
 */
public record AuthorizationPolicy(
    AuthorizationMode mode,
    Map<String, Tier> groupTiers,
    Optional<Tier> defaultTier,
    String groupPrefix,
    String sharedGroup,
    Set<String> auditAdminGroups) {

  public static final String DEFAULT_GROUP_PREFIX = "periscope:";
  public static final String DEFAULT_SHARED_GROUP = "periscope-shared";

  public AuthorizationPolicy {
    groupTiers = Map.copyOf(groupTiers);
    auditAdminGroups = Set.copyOf(auditAdminGroups);
  }

  public boolean isAuditAdmin(List<String> idpGroups) {
    return idpGroups.stream().anyMatch(auditAdminGroups::contains);
  }
}
