package io.periscope.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.auth.Session;
import io.periscope.auth.SessionStore;
import io.periscope.authz.Principal;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every durable session store must do; run against SQLite and a real PostgreSQL. */
@Tag(TestEpoch.TAG)
abstract class SessionStoreContract {
  static final Instant NOW = TestEpoch.instant().plusNanos(123_456_789);
  static final Duration IDLE = Duration.ofMinutes(30);

  abstract SessionStore store();

  static Session authenticated(String idHash) {
    return new Session(idHash, Optional.of(new Principal("alice", "alice@corp.example", List.of("sre", "oncall"))),
        Optional.empty(), "csrf-" + idHash, NOW.minusSeconds(600), NOW.minusSeconds(60), NOW.plusSeconds(3600),
        Optional.of(new Session.Tokens("id.token.jwt", Optional.of("refresh-1"), NOW.plusSeconds(300))));
  }

  static Session pending(String idHash) {
    return new Session(idHash, Optional.empty(),
        Optional.of(new Session.PendingLogin("state-1", "nonce-1", "verifier-1", "/clusters/prod")),
        "csrf", NOW, NOW, NOW.plusSeconds(600), Optional.empty());
  }

  @Test
  void findsTheSignedInSessionsOfAPerson() {
    store().save(authenticated("s1"));
    store().save(authenticated("s2"));
    store().save(pending("p1"));

    assertThat(store().idHashesOf("alice")).containsExactlyInAnyOrder("s1", "s2");
    assertThat(store().idHashesOf("bob")).isEmpty();
  }

  @Test
  void theLoginStateKeyIs32BytesAndStable() {
    assertThat(store().loginStateKey()).hasSize(32).isEqualTo(store().loginStateKey());
  }

  @Test
  void roundTripsEveryFieldIncludingOptionalsAndNestedRecords() {
    store().save(authenticated("s1"));
    store().save(pending("s2"));

    assertThat(store().find("s1")).contains(authenticated("s1"));
    assertThat(store().find("s2")).contains(pending("s2"));
    assertThat(store().find("nope")).isEmpty();
  }

  @Test
  void saveReplacesAndDeleteRemoves() {
    store().save(authenticated("s1"));
    Session touched = authenticated("s1").touched(NOW).withTokens(new Session.Tokens("id2", Optional.empty(), NOW.plusSeconds(900)));

    store().save(touched);
    assertThat(store().find("s1")).contains(touched);

    store().delete("s1");
    assertThat(store().find("s1")).isEmpty();
    store().delete("s1");
  }

  @ParameterizedTest(name = "created {0}s ago, last seen {1}s ago, absolute expiry in {2}s -> expired={3}")
  @CsvSource({
      "600, 60, 3600, false",
      "600, 1800, 3600, true",
      "600, 1799, 3600, false",
      "600, 60, 0, true",
      "600, 60, -5, true",
      "600, 60, 1, false"})
  void deleteExpiredAppliesIdleAndAbsoluteDeadlines(long createdAgo, long lastSeenAgo, long expiresIn, boolean expired) {
    store().save(new Session("s", Optional.empty(), Optional.empty(), "c", NOW.minusSeconds(createdAgo),
        NOW.minusSeconds(lastSeenAgo), NOW.plusSeconds(expiresIn), Optional.empty()));
    store().save(authenticated("fresh"));

    int deleted = store().deleteExpired(NOW, IDLE);

    assertThat(deleted).isEqualTo(expired ? 1 : 0);
    assertThat(store().find("s").isPresent()).isEqualTo(!expired);
    assertThat(store().find("fresh")).isPresent();
  }
}
