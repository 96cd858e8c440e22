package io.periscope.aws.inspector;

/**
 * A list row's severity chip: the distinct vulnerabilities of all its images or its instance.
 * {@code state} is {@code SCANNED} when at least one of them was scanned (the counts cover those),
 * {@code NOT_SCANNED} when none was, {@code PENDING} while they are being read.
 */
public record Chip(Scan.State state, SeverityCounts counts) {}
