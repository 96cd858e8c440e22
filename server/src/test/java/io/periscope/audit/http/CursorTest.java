package io.periscope.audit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.problem.Problem;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CursorTest {
  /** Every filter a person gives; the read scope (ownSub) comes from the session and is applied on every request anyway. */
  static Stream<String> requestedFilters() {
    return Arrays.stream(AuditFilter.class.getRecordComponents()).map(RecordComponent::getName).filter(n -> !n.equals("ownSub"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestedFilters")
  void aCursorIssuedWithoutAFilterIsRefusedWithIt(String component) throws Exception {
    AuditFilter with = withOnly(component);
    String cursor = Cursor.after(42, AuditFilter.ALL).encode();

    assertThat(Cursor.decode(cursor, AuditFilter.ALL).beforeId()).isEqualTo(42);
    assertThatThrownBy(() -> Cursor.decode(cursor, with)).isInstanceOf(Problem.class).hasMessageContaining("different query");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestedFilters")
  void anotherValueOfTheSameFilterIsAnotherQuery(String component) throws Exception {
    assertThat(Cursor.fingerprint(withOnly(component))).isNotEqualTo(Cursor.fingerprint(withOther(component)));
  }

  /** ALL with one component set; the record's canonical constructor, so a new component cannot be forgotten here. */
  private static AuditFilter withOnly(String component) throws Exception {
    return with(component, valueFor(component, false));
  }

  private static AuditFilter withOther(String component) throws Exception {
    return with(component, valueFor(component, true));
  }

  private static AuditFilter with(String component, Object value) throws Exception {
    RecordComponent[] rc = AuditFilter.class.getRecordComponents();
    Object[] args = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      args[i] = rc[i].getName().equals(component) ? value : rc[i].getAccessor().invoke(AuditFilter.ALL);
    }
    Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
    return AuditFilter.class.getDeclaredConstructor(types).newInstance(args);
  }

  private static Object valueFor(String component, boolean other) {
    return switch (component) {
      case "verbs" -> other ? Verb.changes() : Set.of(Verb.APPLY);
      case "outcome" -> Optional.of(other ? Outcome.DENIED : Outcome.SUCCESS);
      case "from", "to" -> Optional.of(Instant.parse(other ? "2026-03-02T00:00:00Z" : "2026-03-01T00:00:00Z"));
      default -> Optional.of(other ? "api-0" : "web");
    };
  }
}
