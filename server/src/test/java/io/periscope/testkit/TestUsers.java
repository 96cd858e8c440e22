package io.periscope.testkit;

import io.periscope.auth.AuthenticatedUser;
import io.periscope.authz.AuthorizationMode;
import io.periscope.authz.AuthorizationPolicy;
import io.periscope.authz.IdentityResolver;
import io.periscope.authz.Principal;
import io.periscope.authz.SharedIdentity;
import io.periscope.authz.Tier;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signed-in people for tests that set {@code CurrentUser} themselves, made the way the session
 * filter makes them ({@link AuthenticatedUser#of}): tier, audit admin and administrator come from
 * the policy through {@link IdentityResolver}, never from a rule of the test's own.
 *
 * <pre>{@code TestUsers.in(AuthorizationMode.TIER).tier("g-admin", Tier.ADMIN).auditAdmins("auditors").user("alice", "g-admin")}</pre>
 */
public final class TestUsers {
  private final AuthorizationMode mode;
  private final Map<String, Tier> groupTiers = new HashMap<>();
  private Set<String> auditAdminGroups = Set.of();
  private Set<String> allowedGroups = Set.of();
  private Instant expiresAt = TestEpoch.instant().plusSeconds(86_400);

  private TestUsers(AuthorizationMode mode) {
    this.mode = mode;
  }

  /** A policy of {@code mode}; shared mode impersonates the person (with the shared group). */
  public static TestUsers in(AuthorizationMode mode) {
    return new TestUsers(mode);
  }

  /** Members of {@code group} hold {@code tier} (tier mode). */
  public TestUsers tier(String group, Tier tier) {
    groupTiers.put(group, tier);
    return this;
  }

  /** {@code auditAdminGroups}. */
  public TestUsers auditAdmins(String... groups) {
    auditAdminGroups = Set.of(groups);
    return this;
  }

  /** {@code allowedGroups}: in shared mode without audit admin groups, their members read everyone's audit rows. */
  public TestUsers allowed(String... groups) {
    allowedGroups = Set.of(groups);
    return this;
  }

  /** When the session ends (a day after {@link TestEpoch#instant()} unless set). */
  public TestUsers expiringAt(Instant at) {
    expiresAt = at;
    return this;
  }

  public AuthorizationPolicy policy() {
    return new AuthorizationPolicy(mode, groupTiers, Optional.empty(), AuthorizationPolicy.DEFAULT_GROUP_PREFIX,
        SharedIdentity.IMPERSONATE, AuthorizationPolicy.DEFAULT_SHARED_GROUP, auditAdminGroups, allowedGroups);
  }

  /** {@code subject} ({@code subject@example.com}) with these IdP groups. */
  public AuthenticatedUser user(String subject, String... groups) {
    return user(new Principal(subject, subject + "@example.com", List.of(groups)));
  }

  public AuthenticatedUser user(Principal principal) {
    return AuthenticatedUser.of(new IdentityResolver(policy()), principal, expiresAt);
  }
}
