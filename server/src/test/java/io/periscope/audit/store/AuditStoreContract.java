package io.periscope.audit.store;

import static io.periscope.audit.AuditEvents.T0;
import static io.periscope.audit.AuditEvents.event;
import static io.periscope.audit.AuditEvents.simple;
import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every {@link AuditStore} must have; run against SQLite and a real PostgreSQL. */
abstract class AuditStoreContract {
  protected AuditStore store;
  protected final List<AutoCloseable> toClose = new ArrayList<>();

  /** A store on a fresh, empty, migrated database. */
  abstract AuditStore newStore();

  /** A second store instance on the same database as {@link #store} (another replica / process). */
  abstract AuditStore secondStoreOnSameDatabase();

  /** The database behind {@link #store}, for tampering with rows behind the store's back. */
  abstract DataSource dataSource();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    store.close();
  }

  @Test
  void storesEveryFieldAndAssignsContiguousIds() {
    AuditEvent original = new AuditEvent(T0, "req-1", new AuditEvent.Actor("alice", "alice@corp.example", List.of("sre", "oncall")),
        Verb.SECRET_REVEAL, new AuditEvent.Target("prod", "payments", "secrets", "db-creds"), Outcome.DENIED,
        "forbidden: secrets \"db-creds\" is forbidden", Map.of("key", "password", "bytes", 12, "nested", Map.of("b", true, "a", List.of(1, 2))));
    store.append(List.of(original, simple("req-2", "bob")));

    Page page = store.query(AuditFilter.ALL, OptionalLong.empty(), 10);

    assertThat(page.items()).extracting(StoredEvent::id).containsExactly(2L, 1L);
    assertThat(page.items().get(1).event()).isEqualTo(original);
    assertThat(page.nextBeforeId()).isEmpty();
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  void findsOneRowByIdOnlyInsideTheFilter() {
    store.append(List.of(simple("a1", "alice"), simple("b1", "bob")));

    assertThat(store.find(2, AuditFilter.ALL)).hasValueSatisfying(r -> assertThat(r.event().requestId()).isEqualTo("b1"));
    assertThat(store.find(2, AuditFilter.ALL.ownedBy("bob"))).isPresent();
    assertThat(store.find(2, AuditFilter.ALL.ownedBy("alice"))).isEmpty();
    assertThat(store.find(2, AuditFilter.ALL.ownedBy("Bob"))).isEmpty();
    assertThat(store.find(3, AuditFilter.ALL)).isEmpty();
  }

  @Test
  void keysetPagesAreStableWhileNewRowsArrive() {
    store.append(IntStream.rangeClosed(1, 25).mapToObj(i -> simple("r" + i, "alice")).toList());

    Page first = store.query(AuditFilter.ALL, OptionalLong.empty(), 10);
    store.append(List.of(simple("late-1", "alice"), simple("late-2", "alice")));
    Page second = store.query(AuditFilter.ALL, first.nextBeforeId(), 10);
    Page third = store.query(AuditFilter.ALL, second.nextBeforeId(), 10);

    assertThat(first.items()).extracting(StoredEvent::id).containsExactlyElementsOf(range(25, 16));
    assertThat(second.items()).extracting(StoredEvent::id).containsExactlyElementsOf(range(15, 6));
    assertThat(third.items()).extracting(StoredEvent::id).containsExactlyElementsOf(range(5, 1));
    assertThat(third.nextBeforeId()).isEmpty();
  }

  static Stream<Arguments> filters() {
    Instant t1 = T0.plusSeconds(3600);
    return Stream.of(
        Arguments.of("actor", AuditFilter.ALL.withActor("bob"), List.of("b1", "b2")),
        Arguments.of("verb", AuditFilter.ALL.withVerb(Verb.EXEC), List.of("b2")),
        Arguments.of("verbs", AuditFilter.ALL.withVerbs(Set.of(Verb.EXEC, Verb.SCALE, Verb.LOG_OPEN)), List.of("b1", "b2")),
        Arguments.of("verbs+outcome", AuditFilter.ALL.withVerbs(Set.of(Verb.EXEC, Verb.SCALE)).withOutcome(Outcome.DENIED), List.of("b2")),
        Arguments.of("cluster", AuditFilter.ALL.withCluster("staging", null), List.of("a3")),
        Arguments.of("cluster+namespace", AuditFilter.ALL.withCluster("prod", "kube-system"), List.of("b1")),
        Arguments.of("one object: exact name, not its prefix", AuditFilter.ALL.withObject("prod", "default", "deployments", "web"), List.of("a1")),
        Arguments.of("one object: another resource of that name", AuditFilter.ALL.withObject("prod", "default", "pods", "web"), List.of()),
        Arguments.of("outcome", AuditFilter.ALL.withOutcome(Outcome.DENIED), List.of("a2", "b2")),
        Arguments.of("from inclusive", AuditFilter.ALL.withRange(t1, null), List.of("a3", "b2")),
        Arguments.of("to exclusive", AuditFilter.ALL.withRange(null, t1), List.of("a1", "a2", "b1")),
        Arguments.of("actor+outcome", AuditFilter.ALL.withActor("alice").withOutcome(Outcome.DENIED), List.of("a2")),
        Arguments.of("actor: subject in another case", AuditFilter.ALL.withActor("BOB"), List.of("b1", "b2")),
        Arguments.of("actor: email", AuditFilter.ALL.withActor("bob@corp.example"), List.of("b1", "b2")),
        Arguments.of("actor: email in another case", AuditFilter.ALL.withActor("Alice@Corp.EXAMPLE"), List.of("a1", "a2", "a3")),
        Arguments.of("actor: whole values, not a prefix", AuditFilter.ALL.withActor("ali"), List.of()),
        Arguments.of("actor: whole email, not its domain", AuditFilter.ALL.withActor("corp.example"), List.of()),
        Arguments.of("own rows: exact subject", AuditFilter.ALL.ownedBy("bob"), List.of("b1", "b2")),
        Arguments.of("own rows: case matters", AuditFilter.ALL.ownedBy("BOB"), List.of()),
        Arguments.of("own rows asking for another person", AuditFilter.ALL.ownedBy("alice").withActor("bob@corp.example"), List.of()),
        Arguments.of("text: email", AuditFilter.ALL.withText("bob@corp"), List.of("b1", "b2")),
        Arguments.of("text: target name", AuditFilter.ALL.withText("coredns"), List.of("b1")),
        Arguments.of("text: reason, any case", AuditFilter.ALL.withText("FORBIDDEN"), List.of("a2", "b2")),
        Arguments.of("text: all terms", AuditFilter.ALL.withText("forbidden alice"), List.of("a2")),
        Arguments.of("text: prefix", AuditFilter.ALL.withText("payme"), List.of("a2")),
        Arguments.of("text: punctuation inside a term", AuditFilter.ALL.withText("api-0"), List.of("a2")),
        Arguments.of("text: punctuation-only terms ignored", AuditFilter.ALL.withText("timeout -- *"), List.of("a3")),
        Arguments.of("text: no match", AuditFilter.ALL.withText("zebra"), List.of()),
        Arguments.of("text: quotes are data", AuditFilter.ALL.withText("\"forbidden\" OR"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void filtersSelectTheRightRows(String label, AuditFilter filter, List<String> expectedRequestIds) {
    store.append(sample());

    Page page = store.query(filter, OptionalLong.empty(), 100);

    assertThat(page.items()).extracting(s -> s.event().requestId())
        .containsExactlyInAnyOrderElementsOf(expectedRequestIds);
  }

  /**
   * An IdP with opaque subjects: sam's email is what people see, and mallory's account carries the
   * same email in another case. The loose actor match finds both; the read scope only one.
   */
  @Test
  void actorMatchesSubjectOrEmailButTheReadScopeOnlyTheExactSubject() throws IOException {
    store.append(List.of(
        person("s1", "00u1sam", "sam@periscope.local"),
        person("m1", "00u2mallory", "SAM@periscope.local"),
        person("s2", "00u1sam", "sam@periscope.local"),
        person("c1", "00U1SAM", "carol@periscope.local")));

    assertThat(requestIds(AuditFilter.ALL.withActor("Sam@Periscope.Local"))).containsExactly("s2", "m1", "s1");
    assertThat(requestIds(AuditFilter.ALL.withActor("00u1sam"))).containsExactly("c1", "s2", "s1");
    assertThat(requestIds(AuditFilter.ALL.withActor("sam@periscope.local").ownedBy("00u2mallory"))).containsExactly("m1");
    assertThat(requestIds(AuditFilter.ALL.withActor("00u1sam").ownedBy("00U1SAM"))).containsExactly("c1");
    List<String> exported = new ArrayList<>();
    store.export(AuditFilter.ALL.withActor("SAM@PERISCOPE.LOCAL").ownedBy("00u2mallory"), row -> exported.add(row.event().requestId()));
    assertThat(exported).containsExactly("m1");
  }

  /** The plan of a first page's ids for one branch predicate and its one parameter, as the database would run it on a large table. */
  abstract String branchQueryPlan(String predicate, String value) throws SQLException;

  @Test
  void eachBranchOfTheActorFilterWalksItsLowerCaseIndexInIdOrder() throws SQLException {
    store.append(IntStream.range(0, 2_000).mapToObj(i -> simple("r" + i, "user-" + (i % 200))).toList());

    // In id order from the index, so a page stops at its limit: no sort of all of a busy actor's rows.
    assertThat(branchQueryPlan(JdbcAuditStore.ACTOR_BY_SUB, "User-7@corp.example")).contains("audit_events_actor_sub_lower")
        .doesNotContainIgnoringCase("temp b-tree").doesNotContain("Sort");
    assertThat(branchQueryPlan(JdbcAuditStore.ACTOR_BY_EMAIL, "User-7@corp.example")).contains("audit_events_actor_email_lower")
        .doesNotContainIgnoringCase("temp b-tree").doesNotContain("Sort");
  }

  @Test
  void eachVerbOfTheChangesFilterWalksTheVerbIndexInIdOrder() throws SQLException {
    // Changes are rare among reads (an add-on page's polling, log opens): one apply in a hundred rows.
    store.append(IntStream.range(0, 2_000).mapToObj(i -> event("r" + i, "user-" + (i % 20), i % 100 == 0 ? Verb.APPLY
        : i % 3 == 0 ? Verb.LOG_OPEN : Verb.AWS_EKS_READ, "prod", "default", "pods", "web-" + i, Outcome.SUCCESS, "", T0.plusSeconds(i))).toList());

    // Each verb's rows come newest first from (verb, id): a page stops at its limit and no read is visited.
    assertThat(branchQueryPlan(JdbcAuditStore.VERB_IS, "apply")).contains("audit_events_verb")
        .doesNotContainIgnoringCase("temp b-tree").doesNotContain("Sort");
  }

  @Test
  void theChangesFilterPagesNewestFirstWithoutTheReadsBetween() throws IOException {
    // Reads outnumber changes: an add-on update's polling writes an aws_eks_read row every few seconds.
    Verb[] mix = {Verb.AWS_EKS_READ, Verb.APPLY, Verb.AWS_EKS_READ, Verb.LOG_OPEN, Verb.EXEC, Verb.HELM_READ, Verb.AUDIT_EXPORT,
        Verb.SECRET_REVEAL, Verb.LOGIN, Verb.ADDON_WRITE, Verb.AWS_IAM_READ, Verb.PORT_FORWARD, Verb.SESSION_REVOKE};
    store.append(IntStream.range(0, 39).mapToObj(i -> event("c" + i, i % 2 == 0 ? "pat" : "lee", mix[i % mix.length], "prod", "default",
        "pods", "web", Outcome.SUCCESS, "", T0.plusSeconds(i))).toList());
    AuditFilter changes = AuditFilter.ALL.withVerbs(Verb.changes());

    List<String> seen = new ArrayList<>();
    OptionalLong before = OptionalLong.empty();
    do {
      Page page = store.query(changes, before, 4);
      page.items().forEach(e -> seen.add(e.event().requestId()));
      before = page.nextBeforeId();
    } while (before.isPresent());

    List<String> expected = IntStream.iterate(38, i -> i >= 0, i -> i - 1).filter(i -> mix[i % mix.length].kind().inChanges())
        .mapToObj(i -> "c" + i).toList();
    assertThat(expected).hasSize(18);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(requestIds(changes.withActor("PAT"))).containsExactlyElementsOf(
        expected.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0).toList());
    List<String> exported = new ArrayList<>();
    store.export(changes.withOutcome(Outcome.SUCCESS), row -> exported.add(row.event().requestId()));
    assertThat(exported).containsExactlyElementsOf(expected.reversed());
  }

  @Test
  void anActorMatchedBySubjectAndByEmailPagesNewestFirstWithoutDuplicates() {
    // Even rows match "PAT": by subject (i % 4 == 0), by email (i % 4 == 2), and p0 by both; odd rows are someone else.
    store.append(IntStream.range(0, 30).mapToObj(i -> {
      AuditEvent e = simple("p" + i, "other");
      var actor = i == 0 ? new AuditEvent.Actor("pat", "pat", List.of())
          : i % 4 == 0 ? new AuditEvent.Actor("pat", "pat@corp.example", List.of())
          : i % 4 == 2 ? new AuditEvent.Actor("00u" + i, "Pat", List.of()) : e.actor();
      return new AuditEvent(e.time(), e.requestId(), actor, e.verb(), e.target(), e.outcome(), e.reason(), e.extra());
    }).toList());

    List<String> seen = new ArrayList<>();
    OptionalLong before = OptionalLong.empty();
    do {
      var page = store.query(AuditFilter.ALL.withActor("PAT"), before, 4);
      page.items().forEach(e -> seen.add(e.event().requestId()));
      before = page.nextBeforeId();
    } while (before.isPresent());

    assertThat(seen).containsExactlyElementsOf(IntStream.iterate(28, i -> i >= 0, i -> i - 2).mapToObj(i -> "p" + i).toList());
  }

  @Test
  void exportStreamsMatchingRowsOldestFirst() throws IOException {
    store.append(sample());
    List<String> seen = new ArrayList<>();

    long n = store.export(AuditFilter.ALL.withOutcome(Outcome.DENIED), row -> seen.add(row.event().requestId()));

    assertThat(n).isEqualTo(2);
    assertThat(seen).containsExactly("a2", "b2");
  }

  @Test
  void verifyAcceptsAnUntouchedChain() {
    store.append(sample());
    store.append(List.of(simple("x", "alice")));

    ChainVerification v = store.verify();

    assertThat(v.ok()).as("%s", v).isTrue();
    assertThat(v.rowsChecked()).isEqualTo(6);
    assertThat(v.headId()).isEqualTo(6);
    assertThat(v.headHash()).hasSize(64);
  }

  @Test
  void verifyFindsAnEditedRow() {
    store.append(sample());
    sql("UPDATE audit_events SET reason = 'nothing to see' WHERE id = 3");

    assertBrokenAt(3, "hash mismatch");
  }

  @Test
  void verifyFindsADeletedRow() {
    store.append(sample());
    sql("DELETE FROM audit_events WHERE id = 3");

    assertBrokenAt(4, "rows deleted");
  }

  @Test
  void verifyFindsReorderedRows() {
    store.append(sample());
    sql("UPDATE audit_events SET id = -1 WHERE id = 2");
    sql("UPDATE audit_events SET id = 2 WHERE id = 4");
    sql("UPDATE audit_events SET id = 4 WHERE id = -1");

    assertBrokenAt(2, "hash mismatch");
  }

  @Test
  void verifyFindsTheNewestRowDeleted() {
    store.append(sample());
    sql("DELETE FROM audit_events WHERE id = 5");

    ChainVerification v = store.verify();

    assertThat(v.brokenLink()).hasValueSatisfying(b -> assertThat(b.problem()).contains("newest rows deleted"));
  }

  @Test
  void pruneByAgeMovesTheAnchorAndTheRestStillVerifies() {
    store.append(sample());

    PruneResult result = store.prune(Optional.of(T0.plusSeconds(3600)), 0);

    assertThat(result.rowsDeleted()).isEqualTo(3);
    assertThat(result.anchorId()).isEqualTo(3);
    assertThat(store.query(AuditFilter.ALL, OptionalLong.empty(), 10).items()).extracting(StoredEvent::id).containsExactly(5L, 4L);
    assertThat(store.query(AuditFilter.ALL.withText("coredns"), OptionalLong.empty(), 10).items()).isEmpty();
    ChainVerification v = store.verify();
    assertThat(v.ok()).as("%s", v).isTrue();
    assertThat(v.anchorId()).isEqualTo(3);
    store.append(List.of(simple("after-prune", "alice")));
    assertThat(store.verify().ok()).isTrue();
  }

  @Test
  void verifyAfterPruneStillFindsAnEdit() {
    store.append(sample());
    store.prune(Optional.of(T0.plusSeconds(3600)), 0);
    sql("UPDATE audit_events SET actor_sub = 'mallory' WHERE id = 4");

    assertBrokenAt(4, "hash mismatch");
  }

  @Test
  void pruneBySizeRemovesOldestRowsUntilUnderTheCap() {
    store.append(IntStream.range(0, 2_000).mapToObj(i -> event("r" + i, "alice", Verb.APPLY, "prod", "ns-" + i, "deployments",
        "app-" + i, Outcome.SUCCESS, "applied with a reasonably long reason text number " + i, T0.plusSeconds(i))).toList());
    long size = store.sizeBytes();

    PruneResult result = store.prune(Optional.empty(), size / 2);

    assertThat(result.rowsDeleted()).isBetween(500L, 1_999L);
    assertThat(store.count()).isEqualTo(2_000 - result.rowsDeleted());
    assertThat(store.query(AuditFilter.ALL, OptionalLong.empty(), 1).items().getFirst().event().requestId()).isEqualTo("r1999");
    assertThat(store.verify().ok()).isTrue();
  }

  @Test
  void pruneWithoutBoundsDeletesNothing() {
    store.append(sample());

    assertThat(store.prune(Optional.empty(), 0).rowsDeleted()).isZero();
    assertThat(store.count()).isEqualTo(5);
  }

  @Test
  void twoWritersOnOneDatabaseBuildOneValidChain() throws Exception {
    AuditStore other = secondStoreOnSameDatabase();
    toClose.add(other);
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<?>> jobs = new ArrayList<>();
      for (AuditStore s : List.of(store, other)) {
        jobs.add(pool.submit(() -> {
          for (int b = 0; b < 20; b++) {
            s.append(IntStream.range(0, 10).mapToObj(i -> simple(s.name() + i, "alice")).toList());
          }
        }));
      }
      for (Future<?> job : jobs) {
        job.get(Duration.ofSeconds(60).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      }
    }

    assertThat(store.count()).isEqualTo(400);
    assertThat(other.verify().ok()).isTrue();
  }

  /** Five events over two hours: alice a1..a3, bob b1..b2. */
  static List<AuditEvent> sample() {
    Instant t1 = T0.plusSeconds(3600);
    return List.of(
        event("a1", "alice", Verb.APPLY, "prod", "default", "deployments", "web", Outcome.SUCCESS, "", T0),
        event("a2", "alice", Verb.DELETE, "prod", "payments", "pods", "api-0", Outcome.DENIED, "pods \"api-0\" is forbidden", T0.plusSeconds(60)),
        event("b1", "bob", Verb.SCALE, "prod", "kube-system", "deployments", "coredns", Outcome.SUCCESS, "", T0.plusSeconds(120)),
        event("a3", "alice", Verb.RESTART, "staging", "default", "deployments", "web", Outcome.FAILURE, "timeout", t1),
        event("b2", "bob", Verb.EXEC, "prod", "default", "pods", "web-1", Outcome.DENIED, "exec forbidden", t1.plusSeconds(1)));
  }

  private static AuditEvent person(String requestId, String sub, String email) {
    return new AuditEvent(T0, requestId, new AuditEvent.Actor(sub, email, List.of()), Verb.DELETE,
        new AuditEvent.Target("prod", "default", "pods", "web-1"), Outcome.SUCCESS, "", Map.of());
  }

  private List<String> requestIds(AuditFilter filter) {
    return store.query(filter, OptionalLong.empty(), 100).items().stream().map(s -> s.event().requestId()).toList();
  }

  private void assertBrokenAt(long rowId, String problem) {
    ChainVerification v = store.verify();
    assertThat(v.ok()).isFalse();
    assertThat(v.brokenLink()).hasValueSatisfying(b -> {
      assertThat(b.rowId()).isEqualTo(rowId);
      assertThat(b.problem()).contains(problem);
      assertThat(b.expectedHash()).isNotEqualTo(b.foundHash());
    });
  }

  protected void sql(String statement) {
    try (Connection conn = dataSource().getConnection(); Statement st = conn.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  private static List<Long> range(long fromInclusive, long toInclusive) {
    List<Long> ids = new ArrayList<>();
    for (long i = fromInclusive; i >= toInclusive; i--) {
      ids.add(i);
    }
    return ids;
  }
}
