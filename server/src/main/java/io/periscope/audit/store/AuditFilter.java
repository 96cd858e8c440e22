package io.periscope.audit.store;

import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Query filters, all optional and combined with AND. {@code actor} matches the actor's subject or
 * email, ignoring case: people filter by the email the table shows, and with a real IdP the
 * subject is often an opaque id. {@code ownSub} is the read scope, an exact, case-sensitive
 * subject: it never comes from a query parameter, so a colliding email or a case variant of
 * someone's subject cannot widen what a person may read. {@code from} is inclusive, {@code to}
 * exclusive. {@code verbs} is any of those verbs, empty for every verb (the {@code changes}
 * filter asks for {@link Verb#changes()}). {@code name} is the target object's name. {@code text}
 * terms must all occur in actor, target or reason (case-insensitive).
 */
public record AuditFilter(
    Optional<String> actor,
    Set<Verb> verbs,
    Optional<String> cluster,
    Optional<String> namespace,
    Optional<String> resource,
    Optional<String> name,
    Optional<Outcome> outcome,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<String> text,
    Optional<String> ownSub) {

  public static final AuditFilter ALL = new AuditFilter(
      Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Keeps {@code verbs} in declaration order, so the SQL and the cursor's fingerprint do not depend on how the set was built. */
  public AuditFilter {
    verbs = verbs.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(verbs));
  }

  /** Rows whose actor subject or email is {@code subOrEmail}, ignoring case. */
  public AuditFilter withActor(String subOrEmail) {
    return new AuditFilter(Optional.of(subOrEmail), verbs, cluster, namespace, resource, name, outcome, from, to, text, ownSub);
  }

  public AuditFilter withVerb(Verb v) {
    return withVerbs(Set.of(v));
  }

  /** Rows of any of {@code vs} (an empty set: every verb). */
  public AuditFilter withVerbs(Set<Verb> vs) {
    return new AuditFilter(actor, vs, cluster, namespace, resource, name, outcome, from, to, text, ownSub);
  }

  public AuditFilter withCluster(String c, String ns) {
    return new AuditFilter(actor, verbs, Optional.of(c), Optional.ofNullable(ns), resource, name, outcome, from, to, text, ownSub);
  }

  /** The rows of one object: its cluster, namespace ("" when cluster-scoped), resource and exact name. */
  public AuditFilter withObject(String c, String ns, String r, String n) {
    return new AuditFilter(actor, verbs, Optional.of(c), Optional.of(ns), Optional.of(r), Optional.of(n), outcome, from, to, text, ownSub);
  }

  public AuditFilter withOutcome(Outcome o) {
    return new AuditFilter(actor, verbs, cluster, namespace, resource, name, Optional.of(o), from, to, text, ownSub);
  }

  public AuditFilter withRange(Instant f, Instant t) {
    return new AuditFilter(actor, verbs, cluster, namespace, resource, name, outcome, Optional.ofNullable(f), Optional.ofNullable(t), text, ownSub);
  }

  public AuditFilter withText(String q) {
    return new AuditFilter(actor, verbs, cluster, namespace, resource, name, outcome, from, to, Optional.of(q), ownSub);
  }

  /** Only rows whose actor subject is exactly {@code sub} (the read scope of someone who is no audit admin). */
  public AuditFilter ownedBy(String sub) {
    return new AuditFilter(actor, verbs, cluster, namespace, resource, name, outcome, from, to, text, Optional.of(sub));
  }

  /** Free-text terms: whitespace-separated, lower-cased; terms without a letter or digit are dropped. */
  public List<String> textTerms() {
    return text.stream()
        .flatMap(t -> java.util.Arrays.stream(t.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+")))
        .filter(s -> s.codePoints().anyMatch(Character::isLetterOrDigit))
        .toList();
  }
}
