/**
 * Audit benchmarks (plain {@code main}, not part of any build): ingest rate through the
 * recorder into SQLite and PostgreSQL, and query latency over a 1,000,000-row store.
 * Run: {@code ./mvnw -q -pl bench -am -DskipTests -Paudit-bench verify}.
 */
package io.periscope.bench.audit;
