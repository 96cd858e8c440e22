package io.periscope.audit.store;

import io.periscope.audit.AuditEvent;
import io.periscope.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The SQL both stores share: append with the hash chain, keyset queries, streaming export,
 * verification and pruning. Dialects supply transactions, the head lock, full text and size.
 */
abstract class JdbcAuditStore implements AuditStore {
  private static final String INSERT =
      "INSERT INTO audit_events (" + EventRow.COLUMNS + ", hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String CHAIN = "SELECT anchor_id, anchor_hash, head_id, head_hash FROM audit_chain WHERE singleton = 1";
  private static final int FETCH_SIZE = 500;
  /**
   * The {@code actor} filter: subject or email, whole value, any case. lower() on both sides, so
   * the database folds the column and the value alike (SQLite: ASCII letters only); the expression
   * indexes of migration V6 serve each side of the OR.
   */
  static final String ACTOR_MATCH = "(lower(actor_sub) = lower(?) OR lower(actor_email) = lower(?))";
  static final String ACTOR_BY_SUB = "lower(actor_sub) = lower(?)";
  static final String ACTOR_BY_EMAIL = "lower(actor_email) = lower(?)";
  /** One verb; several (the changes filter) query one branch each, each served by the (verb, id) index of V1. */
  static final String VERB_IS = "verb = ?";

  protected final DataSource dataSource;
  private final AutoCloseable owned;

  JdbcAuditStore(DataSource dataSource, AutoCloseable owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection conn) throws SQLException, IOException;
  }

  /** Runs {@code work} in a read-write transaction that excludes other writers of the chain. */
  abstract <T> T inWriteTransaction(SqlWork<T> work);

  /** Runs {@code work} on one consistent, read-only snapshot, with server-side cursors enabled. */
  abstract <T> T inSnapshot(SqlWork<T> work) throws IOException;

  /** SELECT anchor_id, anchor_hash, head_id, head_hash of the chain row, locked against other writers where the database needs that. */
  abstract String selectChainForUpdate();

  /** SQL predicate requiring every term (already lower-cased); appends its parameters. */
  abstract String textPredicate(List<String> terms, List<Object> params);

  abstract void indexText(Connection conn, List<EventRow> rows) throws SQLException;

  abstract void unindexText(Connection conn, long upToId) throws SQLException;

  /** Housekeeping after a prune (outside the prune transaction). */
  abstract void afterPrune();

  @Override
  public synchronized void append(List<AuditEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inWriteTransaction(conn -> {
      Chain chain = readChain(conn, selectChainForUpdate());
      long id = chain.headId();
      String hash = chain.headHash();
      List<EventRow> rows = new ArrayList<>(batch.size());
      try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
        for (AuditEvent e : batch) {
          EventRow row = EventRow.of(++id, e);
          hash = HashChain.next(hash, row);
          row.bind(ps);
          ps.setString(15, hash);
          ps.addBatch();
          rows.add(row);
        }
        ps.executeBatch();
      }
      indexText(conn, rows);
      try (PreparedStatement ps = conn.prepareStatement("UPDATE audit_chain SET head_id = ?, head_hash = ? WHERE singleton = 1")) {
        ps.setLong(1, id);
        ps.setString(2, hash);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Page query(AuditFilter filter, OptionalLong beforeId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + EventRow.COLUMNS + " FROM audit_events WHERE ");
    List<Branch> branches = branches(filter);
    if (branches.isEmpty()) {
      sql.append(where(filter, params, Split.NONE));
      if (beforeId.isPresent()) {
        sql.append(" AND id < ?");
        params.add(beforeId.getAsLong());
      }
    } else {
      // An OR (subject or email; one of several verbs) split into branches: each walks its own index newest first
      // and stops at the page. One query with the OR would sort every matching row (a CI bot's million) for each page.
      sql.append("id IN (");
      for (int i = 0; i < branches.size(); i++) {
        sql.append(i == 0 ? "" : " UNION ").append("SELECT id FROM (")
            .append(branch(filter, beforeId, limit, branches.get(i), params)).append(") b").append(i);
      }
      sql.append(")");
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(limit + 1);
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = prepare(conn, sql.toString(), params);
        ResultSet rs = ps.executeQuery()) {
      List<StoredEvent> items = new ArrayList<>(limit);
      boolean more = false;
      while (rs.next()) {
        if (items.size() == limit) {
          more = true;
          break;
        }
        EventRow row = EventRow.read(rs);
        items.add(new StoredEvent(row.id(), row.toEvent()));
      }
      OptionalLong next = more ? OptionalLong.of(items.getLast().id()) : OptionalLong.empty();
      return new Page(items, next);
    } catch (SQLException e) {
      throw new StorageException("query audit events", e);
    }
  }

  @Override
  public Optional<StoredEvent> find(long id, AuditFilter filter) {
    List<Object> params = new ArrayList<>(List.of(id));
    String sql = "SELECT " + EventRow.COLUMNS + " FROM audit_events WHERE id = ? AND " + where(filter, params, Split.NONE);
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = prepare(conn, sql, params);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      EventRow row = EventRow.read(rs);
      return Optional.of(new StoredEvent(row.id(), row.toEvent()));
    } catch (SQLException e) {
      throw new StorageException("read audit event " + id, e);
    }
  }

  @Override
  public long export(AuditFilter filter, RowHandler handler) throws IOException {
    List<Object> params = new ArrayList<>();
    String sql = "SELECT " + EventRow.COLUMNS + " FROM audit_events WHERE " + where(filter, params, Split.NONE) + " ORDER BY id ASC";
    return inSnapshot(conn -> {
      long n = 0;
      try (PreparedStatement ps = prepare(conn, sql, params)) {
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            EventRow row = EventRow.read(rs);
            handler.accept(new StoredEvent(row.id(), row.toEvent()));
            n++;
          }
        }
      }
      return n;
    });
  }

  @Override
  public ChainVerification verify() {
    try {
      return inSnapshot(conn -> {
        Chain chain = readChain(conn, CHAIN);
        ChainWalk walk = new ChainWalk(chain);
        try (PreparedStatement ps = conn.prepareStatement(
            "SELECT " + EventRow.COLUMNS + ", hash FROM audit_events ORDER BY id ASC")) {
          ps.setFetchSize(FETCH_SIZE);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && walk.accept(EventRow.read(rs), rs.getString(15))) {
              // walk stops at the first broken link
            }
          }
        }
        return walk.finish();
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized PruneResult prune(Optional<Instant> olderThan, long maxBytes) {
    long sizeBefore = sizeBytes();
    PruneResult result = inWriteTransaction(conn -> {
      Chain chain = readChain(conn, selectChainForUpdate());
      long cutoff = Math.max(ageCutoff(conn, chain, olderThan), sizeCutoff(chain, sizeBefore, maxBytes));
      if (cutoff <= chain.anchorId()) {
        return new PruneResult(0, chain.anchorId(), sizeBefore);
      }
      String anchorHash = cutoff == chain.headId() ? chain.headHash() : hashOf(conn, cutoff);
      try (PreparedStatement ps = conn.prepareStatement("DELETE FROM audit_events WHERE id <= ?")) {
        ps.setLong(1, cutoff);
        ps.executeUpdate();
      }
      unindexText(conn, cutoff);
      try (PreparedStatement ps = conn.prepareStatement("UPDATE audit_chain SET anchor_id = ?, anchor_hash = ? WHERE singleton = 1")) {
        ps.setLong(1, cutoff);
        ps.setString(2, anchorHash);
        ps.executeUpdate();
      }
      return new PruneResult(cutoff - chain.anchorId(), cutoff, sizeBefore);
    });
    if (result.rowsDeleted() > 0) {
      afterPrune();
    }
    return result;
  }

  /** Last id of the contiguous oldest run of rows with time before {@code olderThan}. */
  private static long ageCutoff(Connection conn, Chain chain, Optional<Instant> olderThan) throws SQLException {
    if (olderThan.isEmpty()) {
      return chain.anchorId();
    }
    Instant t = olderThan.get();
    long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    try (PreparedStatement ps = conn.prepareStatement("SELECT MIN(id) FROM audit_events WHERE time_us >= ?")) {
      ps.setLong(1, micros);
      try (ResultSet rs = ps.executeQuery()) {
        long firstKept = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() || firstKept == 0 ? chain.headId() : firstKept - 1;
      }
    }
  }

  /** Ids are contiguous, so removing N rows means moving the anchor by N. Targets 90% of the cap. */
  private static long sizeCutoff(Chain chain, long size, long maxBytes) {
    long rows = chain.headId() - chain.anchorId();
    if (maxBytes <= 0 || size <= maxBytes || rows == 0) {
      return chain.anchorId();
    }
    double bytesPerRow = (double) size / rows;
    long toDelete = (long) Math.ceil((size - maxBytes * 0.9) / bytesPerRow);
    return Math.min(chain.headId(), chain.anchorId() + toDelete);
  }

  @Override
  public long count() {
    try (Connection conn = dataSource.getConnection()) {
      Chain chain = readChain(conn, CHAIN);
      return chain.headId() - chain.anchorId();
    } catch (SQLException e) {
      throw new StorageException("count audit events", e);
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new StorageException("close audit store", e);
      }
    }
  }

  /** Which OR of the filter a page query splits into branches. */
  private enum Split { NONE, ACTOR, VERBS }

  /** One arm of a split page query: the predicate that stands in for the OR, and its value. */
  private record Branch(Split split, String predicate, Object value) {}

  /** The actor's two columns, or else each of several verbs; none when the filter has no OR. */
  private static List<Branch> branches(AuditFilter f) {
    if (f.actor().isPresent()) {
      return List.of(new Branch(Split.ACTOR, ACTOR_BY_SUB, f.actor().get()), new Branch(Split.ACTOR, ACTOR_BY_EMAIL, f.actor().get()));
    }
    if (f.verbs().size() > 1) {
      return f.verbs().stream().map(v -> new Branch(Split.VERBS, VERB_IS, (Object) v.wireName())).toList();
    }
    return List.of();
  }

  /** One page of ids matching the filter with the branch's predicate in place of its OR, newest first. */
  private String branch(AuditFilter f, OptionalLong beforeId, int limit, Branch b, List<Object> params) {
    StringBuilder sql = new StringBuilder("SELECT id FROM audit_events WHERE ").append(b.predicate());
    params.add(b.value());
    sql.append(" AND ").append(where(f, params, b.split()));
    if (beforeId.isPresent()) {
      sql.append(" AND id < ?");
      params.add(beforeId.getAsLong());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(limit + 1);
    return sql.toString();
  }

  /** Every predicate of the filter but the one a branch stands in for. */
  private String where(AuditFilter f, List<Object> params, Split covered) {
    List<String> preds = new ArrayList<>();
    f.actor().filter(v -> covered != Split.ACTOR).ifPresent(v -> {
      preds.add(ACTOR_MATCH);
      params.add(v);
      params.add(v);
    });
    f.ownSub().ifPresent(v -> add(preds, params, "actor_sub = ?", v));
    if (!f.verbs().isEmpty() && covered != Split.VERBS) {
      preds.add(f.verbs().size() == 1 ? VERB_IS : "verb IN (" + String.join(", ", Collections.nCopies(f.verbs().size(), "?")) + ")");
      f.verbs().forEach(v -> params.add(v.wireName()));
    }
    f.cluster().ifPresent(v -> add(preds, params, "cluster = ?", v));
    f.namespace().ifPresent(v -> add(preds, params, "namespace = ?", v));
    f.resource().ifPresent(v -> add(preds, params, "resource = ?", v));
    f.name().ifPresent(v -> add(preds, params, "name = ?", v));
    f.outcome().ifPresent(v -> add(preds, params, "outcome = ?", v.wireName()));
    f.from().ifPresent(v -> add(preds, params, "time_us >= ?", micros(v)));
    f.to().ifPresent(v -> add(preds, params, "time_us < ?", micros(v)));
    List<String> terms = f.textTerms();
    if (!terms.isEmpty()) {
      preds.add(textPredicate(terms, params));
    }
    return preds.isEmpty() ? "1 = 1" : String.join(" AND ", preds);
  }

  private static void add(List<String> preds, List<Object> params, String pred, Object value) {
    preds.add(pred);
    params.add(value);
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static PreparedStatement prepare(Connection conn, String sql, List<Object> params) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    return ps;
  }

  private static String hashOf(Connection conn, long id) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT hash FROM audit_events WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("audit row " + id + " missing while pruning: the chain is broken, run verify");
        }
        return rs.getString(1);
      }
    }
  }

  static Chain readChain(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("audit_chain row missing: schema not migrated");
      }
      return new Chain(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4));
    }
  }

  /** The chain row: anchor (last pruned) and head (last appended). */
  record Chain(long anchorId, String anchorHash, long headId, String headHash) {}
}
